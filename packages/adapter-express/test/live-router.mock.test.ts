import { runLiveHttpContract } from "@onair/testing/contracts";
import { describe } from "vitest";
import { expressHost } from "./express-host.js";

describe("live router on Express (mock provider)", () => {
  runLiveHttpContract({ host: expressHost, sockets: true });
});
