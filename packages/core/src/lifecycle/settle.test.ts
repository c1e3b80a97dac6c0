// The settling of an ended live's outputs, as plain decisions (R-LIFE-5, R-LIFE-6).
import { describe, expect, it } from "vitest";
import { aSession, moderator, ROOM, recording, T0 } from "../../test/fixtures.js";
import type { LiveSession } from "../session/model.js";
import type { LiveCommand } from "./commands.js";
import { defaultDecideOptions } from "./commands.js";
import { decide } from "./decide.js";
import { isUnsettled, settleBackoffMs, settleMaxBackoffMs } from "./settle.js";

const GRACE = defaultDecideOptions.reconcileGraceMs;
const stop: LiveCommand = { type: "stop-live", actor: moderator };
const settleCmd: LiveCommand = { type: "settle-outputs" };

function apply(session: LiveSession, commands: LiveCommand[], now = T0): LiveSession {
  let current = session;
  for (const command of commands) current = decide(current, command, now).session;
  return current;
}

/** A live recording (rec-1) and broadcasting (b-1), then stopped at T0: both stops asked. */
function ended(): LiveSession {
  return apply(aSession(), [
    { type: "start-live", actor: moderator },
    { type: "recording-start-succeeded", segmentIndex: 1, recordingId: "rec-1" },
    { type: "broadcast-start-succeeded", broadcastId: "b-1", hlsUrl: "https://hls/1.m3u8" },
    stop,
  ]);
}

describe("settling the outputs of an ended live", () => {
  it("R-LIFE-6: the stop marks the live as settling, due one grace period later", () => {
    const session = ended();
    expect(isUnsettled(session.live)).toBe(true);
    expect(session.live.settleDueAt).toBe(new Date(T0 + GRACE).toISOString());
    expect(session.live.settleAttempts).toBe(0);
  });

  it("R-LIFE-6: a settling tick before it is due changes nothing", () => {
    const d = decide(ended(), settleCmd, T0 + GRACE - 1);
    expect(d.events).toEqual([]);
    expect(d.effects).toEqual([]);
  });

  it("R-LIFE-6: once due, the stops not confirmed are sent again and the next attempt backs off", () => {
    const d = decide(ended(), settleCmd, T0 + GRACE);
    expect(d.effects).toEqual([
      { type: "stop-recording", recordingId: "rec-1" },
      { type: "stop-broadcast", broadcastId: "b-1" },
    ]);
    expect(d.events.map((e) => e.type)).toEqual([
      "recording-stop-requested",
      "broadcast-stop-requested",
      "outputs-checked",
    ]);
    expect(d.session.live.settleAttempts).toBe(1);
    expect(d.session.live.settleDueAt).toBe(new Date(T0 + GRACE + 2 * GRACE).toISOString());
    // Not due again before the back-off.
    expect(decide(d.session, settleCmd, T0 + 2 * GRACE).events).toEqual([]);
  });

  it("R-LIFE-6: the back-off doubles and is capped", () => {
    expect([0, 1, 2, 3].map((n) => settleBackoffMs(n, GRACE))).toEqual([
      GRACE,
      2 * GRACE,
      4 * GRACE,
      8 * GRACE,
    ]);
    expect(settleBackoffMs(50, GRACE)).toBe(settleMaxBackoffMs);
  });

  it("R-LIFE-6: a stop call that failed is sent again by the next stop press, at once", () => {
    const failed = apply(ended(), [
      { type: "output-stop-failed", recordingId: "rec-1", reason: "timeout" },
      { type: "output-stop-failed", broadcastId: "b-1", reason: "timeout" },
    ]);
    const again = decide(failed, stop, T0 + 1);
    expect(again.effects).toEqual([
      { type: "stop-recording", recordingId: "rec-1" },
      { type: "stop-broadcast", broadcastId: "b-1" },
    ]);
    // Sent again: a third press while that one is in flight asks nothing (R-LIFE-5).
    expect(decide(again.session, stop, T0 + 2).effects).toEqual([]);
  });

  it("R-LIFE-6: a broadcast stop refused for good (it no longer runs) settles the broadcast; a transient failure does not", () => {
    const transient = decide(
      ended(),
      { type: "output-stop-failed", broadcastId: "b-1", reason: "PROVIDER_FAILED" },
      T0 + 1,
    ).session;
    expect(transient.live.broadcast).toMatchObject({ status: "started", stopFailed: true });
    const refused = decide(
      transient,
      {
        type: "output-stop-failed",
        broadcastId: "b-1",
        reason: "PROVIDER_FAILED",
        definitive: true,
      },
      T0 + 2,
    );
    expect(refused.session.live.broadcast?.status).toBe("stopped");
    expect(refused.events.map((e) => e.type)).toEqual(["broadcast-stopped"]);
  });

  it("R-LIFE-5: stop pressed again while the first stop is in flight asks nothing", () => {
    const d = decide(ended(), stop, T0 + 10 * GRACE);
    expect(d.events).toEqual([]);
    expect(d.effects).toEqual([]);
  });

  it("R-LIFE-6: once every output is confirmed and the replay is final, the live is no longer settling", () => {
    const at = T0 + 1000;
    const stopped = apply(
      ended(),
      [
        {
          type: "provider-event",
          event: {
            type: "broadcast",
            roomId: ROOM,
            broadcastId: "b-1",
            status: "stopped",
            reason: null,
            hlsUrl: null,
            at,
          },
        },
        { type: "provider-event", event: recording("rec-1", "stopped") },
      ],
      at,
    );
    expect(stopped.live.settleDueAt).toBeDefined(); // the replay is still processing
    const ready = apply(
      stopped,
      [{ type: "provider-event", event: recording("rec-1", "uploaded") }],
      at,
    );
    expect(ready.live.replay).toBe("ready");
    expect(ready.live.settleDueAt).toBeUndefined();
    expect(ready.live.settleAttempts).toBeUndefined();
    expect(isUnsettled(ready.live)).toBe(false);
  });

  it("R-LIFE-6: a broadcast start never answered after the stop is given up, not waited on forever", () => {
    const session = apply(aSession(), [
      { type: "start-live", actor: moderator },
      { type: "recording-start-succeeded", segmentIndex: 1, recordingId: "rec-1" },
      stop,
    ]);
    expect(session.live.broadcast?.status).toBe("starting");
    const d = decide(session, settleCmd, T0 + GRACE);
    expect(d.session.live.broadcast?.status).toBe("failed");
  });
});
