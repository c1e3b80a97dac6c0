import { describe } from "vitest";
import { runLiveRouterSuite } from "./live-router-suite.js";
import { createMockSubject } from "./mock-subject.js";

describe("live router on the mock provider", () => {
  runLiveRouterSuite(createMockSubject);
});
