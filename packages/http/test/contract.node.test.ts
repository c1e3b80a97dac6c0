import { runLiveHttpContract } from "@onair/testing/contracts";
import { describe } from "vitest";
import { nodeHost } from "./hosts.js";

describe("@onair/http on plain node:http (Node edge)", () => {
  runLiveHttpContract({ host: nodeHost, sockets: true, fuzzRuns: 2_000 });
});
