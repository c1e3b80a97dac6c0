// Deleting a session as a plain decision table (R-DATA-1): what goes, and what is refused.
import { describe, expect, it } from "vitest";
import { aSession, T0 } from "../../test/fixtures.js";
import { isLiveError } from "../errors.js";
import { defaultDecideOptions } from "../lifecycle/commands.js";
import { newSegment } from "../lifecycle/recording-segments.js";
import { decideDeletion } from "./deletion-rules.js";
import type { LiveSession, RecordingSegment, RecordingStatus } from "./model.js";

const GRACE = defaultDecideOptions.reconcileGraceMs;
const admin = { kind: "admin", id: "adm-1" } as const;

const segment = (status: RecordingStatus, index = 1): RecordingSegment => ({
  ...newSegment("ses-1", index, new Date(T0).toISOString()),
  status,
  recordingId: `rec-${index}`,
});

const ended = (segments: RecordingSegment[], extra: Partial<LiveSession["live"]> = {}) =>
  aSession({ live: { phase: "ended", segments, ...extra } });

function refusal(session: LiveSession, now = T0) {
  try {
    decideDeletion(session, admin, now, GRACE);
  } catch (error) {
    if (isLiveError(error)) return error;
    throw error;
  }
  throw new Error("the deletion was accepted");
}

describe("decideDeletion", () => {
  it.each([
    ["a scheduled session", aSession()],
    ["an ended live whose replay is ready", ended([segment("available")])],
    [
      "an ended live with a failed and an uploaded segment",
      ended([segment("failed"), segment("uploaded", 2)]),
    ],
    ["an ended live whose recordings expired", ended([segment("expired")])],
  ])("R-DATA-1: deletes %s: its recordings, then the session", (_label, session) => {
    const decision = decideDeletion(session, admin, T0, GRACE);
    expect(decision.effects).toEqual([
      { type: "delete-recordings", segments: session.live.segments },
      { type: "delete-session", expectedVersion: session.version },
    ]);
    expect(decision.events.map((e) => [e.type, e.actor])).toEqual([["session-deleted", admin]]);
  });

  it("R-DATA-1: refuses while the live runs (LIVE_IN_PROGRESS)", () => {
    const live = aSession({ live: { phase: "live", segments: [segment("started")] } });
    expect(refusal(live).code).toBe("LIVE_IN_PROGRESS");
  });

  it.each([
    ["still recording (its stop not confirmed)", "started"],
    ["stopping", "stopped"],
    ["paused", "paused"],
  ] as const)(
    "R-DATA-1: refuses while a recording is %s (RECORDING_PROCESSING, retriable)",
    (_label, status) => {
      const error = refusal(ended([segment("available"), segment(status, 2)]));
      expect(error.code).toBe("RECORDING_PROCESSING");
      expect(error.retriable).toBe(true);
      expect(error.retryAfterSeconds).toBe(GRACE / 1000);
    },
  );

  it("R-DATA-1: the wait it gives is the time until the tick settles the recordings", () => {
    const due = new Date(T0 + 95_500).toISOString();
    expect(refusal(ended([segment("stopped")], { settleDueAt: due })).retryAfterSeconds).toBe(96);
    // Already due: ask again in a second.
    expect(
      refusal(ended([segment("stopped")], { settleDueAt: due }), T0 + 200_000).retryAfterSeconds,
    ).toBe(1);
  });
});
