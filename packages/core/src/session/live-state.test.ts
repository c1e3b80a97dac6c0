import { describe, expect, it } from "vitest";
import { initialLiveState } from "./live-state.js";

describe("initialLiveState", () => {
  it("R-LIFE-1: starts scheduled, with nothing recorded, broadcast or on stage", () => {
    expect(initialLiveState()).toEqual({
      phase: "scheduled",
      roomId: null,
      startedAt: null,
      startedBy: null,
      endedAt: null,
      endedBy: null,
      segments: [],
      broadcast: null,
      stage: { streamIds: [], layout: "grid", focusStreamId: null },
      streams: [],
      connections: [],
      replay: "none",
      replayReason: null,
      lastPublishingAt: null,
      idleAlertedAt: null,
    });
  });

  it("returns a new object each time, so no session shares its state with another", () => {
    const a = initialLiveState();
    const b = initialLiveState();
    expect(a).not.toBe(b);
    expect(a.stage).not.toBe(b.stage);
    expect(a.segments).not.toBe(b.segments);
  });
});
