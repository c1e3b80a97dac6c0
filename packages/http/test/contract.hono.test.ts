import { runLiveHttpContract } from "@onair/testing/contracts";
import { describe } from "vitest";
import { honoHost } from "./hosts.js";

describe("@onair/http on Hono on @hono/node-server (fetch handler)", () => {
  runLiveHttpContract({ host: honoHost, sockets: true, fuzzRuns: 2_000 });
});
