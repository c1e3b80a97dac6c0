// Reconciling with the provider as a plain decision table (R-LIFE-4, R-LIFE-6): what the provider
// reports about a live's recordings in, events and effects out.
import { describe, expect, it } from "vitest";
import { aSession, ROOM, T0 } from "../../test/fixtures.js";
import type { RecordingInfo } from "../ports/live-provider.js";
import type {
  BroadcastState,
  LiveSession,
  LiveState,
  RecordingSegment,
  RecordingStatus,
} from "../session/model.js";
import { defaultDecideOptions, type LiveEffect } from "./commands.js";
import {
  decideReconcile,
  hasStalledStart,
  needsProviderReport,
  type ReconcileReport,
  type RecordingLookup,
  recordingsToRead,
} from "./reconcile.js";
import { newSegment, segmentName } from "./recording-segments.js";

const GRACE = defaultDecideOptions.reconcileGraceMs;
const at = (ms: number) => new Date(ms).toISOString();
const NOW = T0 + 10 * GRACE;

function segment(
  index: number,
  status: RecordingStatus,
  recordingId: string | null = `rec-${index}`,
  extra: Partial<RecordingSegment> = {},
): RecordingSegment {
  return {
    ...newSegment("ses-1", index, at(T0)),
    status,
    recordingId,
    startedAt: recordingId === null ? null : at(T0),
    stoppedAt: status === "started" || status === "starting" ? null : at(T0 + 1),
    ...extra,
  };
}

/** What the provider answers about a recording of this session. */
function info(
  id: string,
  status: RecordingInfo["status"],
  name: string | null = null,
): RecordingInfo {
  return {
    id,
    roomId: ROOM,
    name,
    status,
    createdAt: T0,
    duration: null,
    reason: null,
    url: null,
  };
}

const broadcast = (extra: Partial<BroadcastState> = {}): BroadcastState => ({
  broadcastId: "b-1",
  status: "started",
  hlsUrl: "https://hls.example/b-1.m3u8",
  requestedAt: at(T0),
  reason: null,
  replacesId: null,
  startedAt: at(T0),
  ...extra,
});

/** Ended at T0 + 1, its replay processing (R-LIFE-4). */
function ended(segments: RecordingSegment[], extra: Partial<LiveState> = {}): LiveSession {
  return aSession({
    live: {
      phase: "ended",
      startedAt: at(T0),
      endedAt: at(T0 + 1),
      replay: "processing",
      segments,
      ...extra,
    },
  });
}

function live(segments: RecordingSegment[], extra: Partial<LiveState> = {}): LiveSession {
  return aSession({ live: { phase: "live", startedAt: at(T0), segments, ...extra } });
}

function report(
  listed: RecordingInfo[] | null,
  read: Record<string, RecordingLookup> = {},
): ReconcileReport {
  return { listed, read: new Map(Object.entries(read)) };
}

interface Row {
  readonly session: LiveSession;
  readonly report: ReconcileReport;
  readonly now?: number;
  /** Type and reason of each history event, in order. */
  readonly events: readonly (readonly [string, string | null])[];
  readonly effects: readonly LiveEffect[];
  /** Status and recording id of each segment after the decision. */
  readonly segments: readonly (readonly [RecordingStatus, string | null])[];
  readonly replay?: LiveState["replay"];
}

const notifyReplayFailed = (reason: string): LiveEffect => ({
  type: "notify",
  id: "ses-1:2:1",
  kind: "replay-failed",
  data: { sessionId: "ses-1", reason },
});

const rows: readonly (readonly [string, Row])[] = [
  [
    "R-LIFE-4: a recording the provider reports uploaded makes the replay ready",
    {
      session: ended([segment(1, "stopped")]),
      report: report([info("rec-1", "uploaded")]),
      events: [
        ["recording-status", null],
        ["replay-status", null],
      ],
      effects: [],
      segments: [["uploaded", "rec-1"]],
      replay: "ready",
    },
  ],
  [
    "R-LIFE-7: a recording reported available only on temporary storage is ready, and the platform is told",
    {
      session: ended([segment(1, "stopped")]),
      report: report([info("rec-1", "available")]),
      events: [
        ["recording-status", null],
        ["replay-temporary-storage", null],
        ["replay-status", null],
      ],
      effects: [
        {
          type: "notify",
          id: "ses-1:2:1",
          kind: "replay-temporary-storage",
          data: { sessionId: "ses-1", segmentIndex: 1, recordingId: "rec-1" },
        },
      ],
      segments: [["available", "rec-1"]],
      replay: "ready",
    },
  ],
  [
    "R-LIFE-4: a recording the provider reports failed fails the replay, and the platform is told",
    {
      session: ended([segment(1, "stopped")]),
      report: report([{ ...info("rec-1", "failed"), reason: "encoding error" }]),
      events: [
        ["recording-status", "encoding error"],
        ["replay-status", "encoding error"],
      ],
      effects: [notifyReplayFailed("encoding error")],
      segments: [["failed", "rec-1"]],
      replay: "failed",
    },
  ],
  [
    "R-LIFE-4: a recording still processing at the provider changes nothing",
    {
      session: ended([segment(1, "stopped")]),
      report: report([info("rec-1", "stopped")]),
      events: [],
      effects: [],
      segments: [["stopped", "rec-1"]],
      replay: "processing",
    },
  ],
  [
    "R-LIFE-4: a known recording missing from the listing and refused for good is failed: the replay does not wait for it",
    {
      session: ended([segment(1, "available"), segment(2, "stopped")], { replay: "processing" }),
      report: report([info("rec-1", "available")], { "rec-2": "not-found" }),
      events: [
        ["recording-status", "not found at the provider"],
        ["replay-status", null],
      ],
      effects: [],
      segments: [
        ["available", "rec-1"],
        ["failed", "rec-2"],
      ],
      replay: "partial",
    },
  ],
  [
    "R-LIFE-4: a known recording missing from the listing but read on its own takes the status read",
    {
      session: ended([segment(1, "stopped")]),
      report: report([], { "rec-1": info("rec-1", "uploaded") }),
      events: [
        ["recording-status", null],
        ["replay-status", null],
      ],
      effects: [],
      segments: [["uploaded", "rec-1"]],
      replay: "ready",
    },
  ],
  [
    "R-LIFE-6: a recording that could not be read (a transient failure) is left for next time",
    {
      session: ended([segment(1, "stopped")]),
      report: report([], { "rec-1": "unknown" }),
      events: [],
      effects: [],
      segments: [["stopped", "rec-1"]],
      replay: "processing",
    },
  ],
  [
    "R-LIFE-6: a known recording the report says nothing about is left as it is",
    {
      session: ended([segment(1, "stopped")]),
      report: report([]),
      events: [],
      effects: [],
      segments: [["stopped", "rec-1"]],
    },
  ],
  [
    "R-LIFE-6: a report the provider was not asked for concludes nothing about the recordings",
    {
      session: live([segment(1, "starting", null)]),
      report: report(null),
      events: [],
      effects: [],
      segments: [["starting", null]],
    },
  ],
  [
    "R-LIFE-6: a recording the session does not know (another id, another name) is ignored",
    {
      session: ended([segment(1, "stopped")]),
      report: report([info("rec-1", "stopped"), info("rec-x", "available", "onair-other-001")]),
      events: [],
      effects: [],
      segments: [["stopped", "rec-1"]],
    },
  ],
  [
    "R-LIFE-4: a segment already final is not asked about again, whatever the listing says",
    {
      session: ended([segment(1, "uploaded")], { replay: "ready" }),
      report: report([info("rec-1", "failed")]),
      events: [],
      effects: [],
      segments: [["uploaded", "rec-1"]],
      replay: "ready",
    },
  ],
  [
    "R-LIFE-6: a recording still running after the stop (its stop lost) is stopped again",
    {
      session: ended([segment(1, "started", "rec-1", { stopRequestedAt: at(T0 + 1) })]),
      report: report([info("rec-1", "started")]),
      events: [["recording-stop-requested", "still recording at the provider"]],
      effects: [{ type: "stop-recording", recordingId: "rec-1" }],
      segments: [["started", "rec-1"]],
    },
  ],
  [
    "R-LIFE-5: a recording still running after the stop is not stopped twice while a stop may be in flight",
    {
      session: ended([segment(1, "started", "rec-1", { stopRequestedAt: at(NOW - 1) })]),
      report: report([info("rec-1", "started")]),
      events: [],
      effects: [],
      segments: [["started", "rec-1"]],
    },
  ],
  [
    "R-LIFE-6: a broadcast still running after the stop (its stop lost) is stopped again",
    {
      session: ended([segment(1, "uploaded")], {
        replay: "ready",
        broadcast: broadcast({ stopRequestedAt: at(T0 + 1) }),
      }),
      report: report(null),
      events: [["broadcast-stop-requested", "still broadcasting at the provider"]],
      effects: [{ type: "stop-broadcast", broadcastId: "b-1" }],
      segments: [["uploaded", "rec-1"]],
    },
  ],
  [
    "R-LIFE-5: a broadcast whose stop may still be in flight is not stopped twice",
    {
      session: ended([segment(1, "uploaded")], {
        replay: "ready",
        broadcast: broadcast({ stopRequestedAt: at(NOW - 1) }),
      }),
      report: report(null),
      events: [],
      effects: [],
      segments: [["uploaded", "rec-1"]],
    },
  ],
  [
    "R-LIFE-6: the broadcast of a live still running is left alone: only an ended live stops it",
    {
      session: live([segment(1, "started")], { broadcast: broadcast() }),
      report: report([info("rec-1", "started")]),
      events: [],
      effects: [],
      segments: [["started", "rec-1"]],
    },
  ],
  [
    "R-LIFE-6: a start lost before reaching the provider is failed after the grace period, and the gap recorded",
    {
      session: live([segment(1, "starting", null)]),
      report: report([]),
      events: [
        ["recording-failed", "lost before reaching the provider"],
        ["recording-gap", "lost before reaching the provider"],
      ],
      effects: [],
      segments: [["failed", null]],
    },
  ],
  [
    "R-LIFE-6: a start within the grace period may still be on its way: left alone",
    {
      session: live([segment(1, "starting", null)]),
      report: report([]),
      now: T0 + GRACE - 1,
      events: [],
      effects: [],
      segments: [["starting", null]],
    },
  ],
  [
    "R-LIFE-6: a start whose answer was lost is adopted by its deterministic name",
    {
      session: live([segment(1, "starting", null)]),
      report: report([info("rec-9", "started", segmentName("ses-1", 1))]),
      events: [
        ["recording-started", "adopted"],
        ["recording-status", null],
      ],
      effects: [],
      segments: [["started", "rec-9"]],
    },
  ],
  [
    "R-LIFE-6: a start failed on our side that did record is adopted after the stop, and stopped",
    {
      session: ended([segment(1, "failed", null, { reason: "timeout" })], { replay: "failed" }),
      report: report([info("rec-9", "started", segmentName("ses-1", 1))]),
      events: [
        ["recording-started", "adopted"],
        ["recording-status", null],
        ["replay-status", null],
      ],
      effects: [{ type: "stop-recording", recordingId: "rec-9" }],
      segments: [["started", "rec-9"]],
      replay: "processing",
    },
  ],
];

describe("decideReconcile: what the provider's report means", () => {
  it.each(rows)("%s", (_, row) => {
    const decision = decideReconcile(row.session, row.report, row.now ?? NOW);
    expect(decision.events.map((e) => [e.type, e.reason])).toEqual(row.events);
    expect(decision.effects).toEqual(row.effects);
    expect(decision.session.live.segments.map((s) => [s.status, s.recordingId])).toEqual(
      row.segments,
    );
    if (row.replay !== undefined) expect(decision.session.live.replay).toBe(row.replay);
    if (row.events.length === 0) expect(decision.session).toBe(row.session);
  });

  it("R-LIFE-6: an ended live whose last output settles is no longer listed as settling", () => {
    const session = ended([segment(1, "stopped")], {
      settleDueAt: at(NOW),
      settleAttempts: 2,
    });
    const decision = decideReconcile(session, report([info("rec-1", "uploaded")]), NOW);
    expect(decision.session.live.settleDueAt).toBeUndefined();
    expect(decision.session.live.settleAttempts).toBeUndefined();
  });

  it("R-LIFE-6: a stop sent again saves its intent first, so a second reconcile does not double it", () => {
    const session = ended([segment(1, "uploaded")], {
      replay: "ready",
      broadcast: broadcast({ stopRequestedAt: at(T0 + 1) }),
    });
    const first = decideReconcile(session, report(null), NOW);
    expect(first.session.live.broadcast?.stopRequestedAt).toBe(at(NOW));
    const again = decideReconcile(first.session, report(null), NOW + 1);
    expect(again.events).toEqual([]);
    expect(again.effects).toEqual([]);
  });

  it("R-LIFE-6: a session without a room concludes nothing", () => {
    const session = aSession({ live: { roomId: null, segments: [segment(1, "starting", null)] } });
    expect(decideReconcile(session, report([]), NOW).events).toEqual([]);
  });
});

describe("what the report must hold", () => {
  it("R-LIFE-6: the provider is asked only when a segment is not settled", () => {
    expect(needsProviderReport(ended([segment(1, "uploaded")]).live)).toBe(false);
    expect(needsProviderReport(ended([segment(1, "stopped")]).live)).toBe(true);
    // A start failed on our side may still have recorded under its name.
    expect(needsProviderReport(ended([segment(1, "failed", null)]).live)).toBe(true);
    expect(needsProviderReport(ended([segment(1, "failed")]).live)).toBe(false);
  });

  it("R-LIFE-6: a recording is read on its own only when the listing misses it", () => {
    const state = ended([
      segment(1, "uploaded"),
      segment(2, "stopped"),
      segment(3, "stopped"),
      segment(4, "starting", null),
    ]).live;
    expect(recordingsToRead(state, [info("rec-2", "stopped")])).toEqual(["rec-3"]);
  });

  it("R-LIFE-6: a start unanswered for a grace period is stalled", () => {
    const state = live([segment(1, "starting", null)]).live;
    expect(hasStalledStart(state, T0 + GRACE - 1, GRACE)).toBe(false);
    expect(hasStalledStart(state, T0 + GRACE, GRACE)).toBe(true);
    expect(hasStalledStart(live([segment(1, "started")]).live, NOW, GRACE)).toBe(false);
  });
});
