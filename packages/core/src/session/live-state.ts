// The live part of a new session: nothing has happened yet (R-LIFE-1 starts from `scheduled`).
import type { LiveState } from "./model.js";

/** A fresh live state: scheduled, no room, no recording, an empty stage in the grid layout. */
export function initialLiveState(): LiveState {
  return {
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
  };
}
