// After the stop (R-LIFE-2, R-LIFE-6): whatever still records or broadcasts is stopped, and a replay
// whose status never arrives is settled, by the regular tick, whatever happened to the first stop.
import type { Actor, LiveState } from "../session/model.js";
import type { DecideOptions } from "./commands.js";
import { isActive, isFinal } from "./recording-segments.js";
import { requestBroadcastStop, requestStop } from "./segments.js";
import { system, type Transition } from "./transition.js";

/** The longest wait between two settling ticks of one ended live. */
export const settleMaxBackoffMs = 60 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An ended live with an output not confirmed stopped, a replay still processing, or a notification
 * not confirmed sent.
 */
export function isUnsettled(live: LiveState): boolean {
  if (live.phase !== "ended") return false;
  const broadcast = live.broadcast;
  return (
    (live.outbox?.length ?? 0) > 0 ||
    live.segments.some((s) => !isFinal(s)) ||
    broadcast?.status === "started" ||
    broadcast?.status === "starting"
  );
}

/** Wait before the settling tick after `attempts` earlier ones: doubles, from the grace period. */
export function settleBackoffMs(attempts: number, graceMs: number): number {
  return Math.min(graceMs * 2 ** Math.min(attempts, 20), settleMaxBackoffMs);
}

/**
 * Keeps `settleDueAt` (what the store lists for `tickAll`) in step with the outputs: set once the
 * live ends with something unsettled, removed once everything is settled.
 */
export function markSettling(t: Transition, now: number, options: DecideOptions) {
  if (t.live.phase !== "ended") return;
  if (isUnsettled(t.live)) {
    if (t.live.settleDueAt === undefined) {
      t.set({ settleDueAt: iso(now + options.reconcileGraceMs), settleAttempts: 0 });
    }
    return;
  }
  if (t.live.settleDueAt === undefined && t.live.settleAttempts === undefined) return;
  const { settleDueAt: _due, settleAttempts: _attempts, ...settled } = t.live;
  t.live = settled;
}

const stillAsked = (
  output: { stopRequestedAt?: string | null; stopFailed?: boolean },
  now: number,
  graceMs: number,
) =>
  output.stopFailed !== true &&
  output.stopRequestedAt !== null &&
  output.stopRequestedAt !== undefined &&
  now - Date.parse(output.stopRequestedAt) < graceMs;

/**
 * Asks the provider again to stop every output of an ended live not confirmed stopped, unless a
 * stop was asked less than `graceMs` ago and did not fail (it may still be on its way; R-LIFE-5).
 * Returns how many.
 */
export function resendStops(t: Transition, now: number, graceMs: number, actor: Actor): number {
  let sent = 0;
  for (const segment of t.live.segments) {
    if (!isActive(segment) || segment.recordingId === null) continue;
    if (stillAsked(segment, now, graceMs)) continue;
    t.record(
      "recording-stop-requested",
      actor,
      { segmentIndex: segment.index, recordingId: segment.recordingId },
      "not confirmed stopped",
    );
    requestStop(t, segment.index, segment.recordingId);
    sent++;
  }
  const broadcast = t.live.broadcast;
  if (
    broadcast?.broadcastId &&
    (broadcast.status === "started" || broadcast.status === "starting") &&
    !stillAsked(broadcast, now, graceMs)
  ) {
    t.record(
      "broadcast-stop-requested",
      actor,
      { broadcastId: broadcast.broadcastId },
      "not confirmed stopped",
    );
    requestBroadcastStop(t, broadcast.broadcastId);
    sent++;
  }
  return sent;
}

/** A stop call that failed: the output is asked again at once by a stop press, or by the tick. */
export function onOutputStopFailed(
  t: Transition,
  target: { recordingId?: string; broadcastId?: string; definitive?: boolean },
  reason: string,
) {
  const segment = t.live.segments.find(
    (s) => target.recordingId !== undefined && s.recordingId === target.recordingId,
  );
  if (segment !== undefined && segment.stopFailed !== true) {
    t.set({
      segments: t.live.segments.map((s) =>
        s.index === segment.index ? { ...s, stopFailed: true } : s,
      ),
    });
    t.record("output-stop-failed", system, { recordingId: target.recordingId }, reason);
    blankAfterStop(t, target.recordingId ?? null, null);
    return;
  }
  const broadcast = t.live.broadcast;
  if (
    broadcast !== null &&
    target.broadcastId !== undefined &&
    broadcast.broadcastId === target.broadcastId &&
    (broadcast.stopFailed !== true || target.definitive === true)
  ) {
    if (target.definitive === true && t.live.phase === "ended") {
      // Refused for good (Vonage answers so for a broadcast already stopped): nothing to stop.
      t.set({ broadcast: { ...broadcast, status: "stopped", reason } });
      t.record("broadcast-stopped", system, { broadcastId: target.broadcastId }, reason);
      return;
    }
    t.set({ broadcast: { ...broadcast, stopFailed: true } });
    t.record("output-stop-failed", system, { broadcastId: target.broadcastId }, reason);
    blankAfterStop(t, null, target.broadcastId);
  }
}

/**
 * R-LIFE-2: an output still running after the stop shows the holding slate (an empty stage), so
 * what happens on stage after the stop never reaches the replay or the audience.
 */
function blankAfterStop(t: Transition, recordingId: string | null, broadcastId: string | null) {
  if (t.live.phase !== "ended") return;
  const stage = { streamIds: [], layout: t.live.stage.layout, focusStreamId: null };
  t.effects.push({ type: "apply-stage", stage, recordingId, broadcastId });
}

/**
 * The settling tick of an ended live (R-LIFE-6): stops sent again, a broadcast start that never
 * answered given up, and the next attempt scheduled with a back-off saved in the state, so every
 * instance agrees on when it is due.
 */
export function onSettle(t: Transition, now: number, options: DecideOptions) {
  if (!isUnsettled(t.live)) return;
  const due = t.live.settleDueAt;
  if (due !== undefined && now < Date.parse(due)) return;
  const graceMs = options.reconcileGraceMs;
  resendStops(t, now, graceMs, system);
  const broadcast = t.live.broadcast;
  if (
    broadcast?.status === "starting" &&
    broadcast.broadcastId === null &&
    now - Date.parse(broadcast.requestedAt) >= graceMs
  ) {
    // Its answer never came and the live is over: nothing left to show the audience.
    t.set({ broadcast: { ...broadcast, status: "failed", reason: "no answer from the provider" } });
    t.record("broadcast-failed", system, {}, "no answer from the provider");
  }
  const attempts = (t.live.settleAttempts ?? 0) + 1;
  const next = iso(now + settleBackoffMs(attempts, graceMs));
  t.set({ settleAttempts: attempts, settleDueAt: next });
  t.record("outputs-checked", system, { attempt: attempts, nextAt: next });
}
