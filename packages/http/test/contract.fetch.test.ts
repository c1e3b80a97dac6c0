import { runLiveHttpContract } from "@onair/testing/contracts";
import { describe } from "vitest";
import { directFetchHost } from "./hosts.js";

describe("@onair/http on the fetch handler called with Request objects", () => {
  runLiveHttpContract({ host: directFetchHost, sockets: false, fuzzRuns: 10_000 });
});
