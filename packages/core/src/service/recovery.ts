// Recovery: reconcile with the provider after a crash (R-LIFE-6), the periodic tick and tickAll
// (R-LIFE-3, R-LIFE-8), and the retention of recordings (R-DATA-1).
import { isLiveError } from "../errors.js";
import { pendingNotifications } from "../lifecycle/outbox.js";
import { isFinal, isWatchable } from "../lifecycle/recording-segments.js";
import { isUnsettled } from "../lifecycle/settle.js";
import type { LiveSession, RecordingSegment } from "../session/model.js";
import { describe, guardStore, need, recordingEvent } from "./context.js";
import type { Parts } from "./live-service.js";
import type { LiveService } from "./types.js";

export function createRecovery(parts: Parts) {
  const {
    provider,
    clock,
    options,
    decideOptions,
    load,
    execute,
    attempt,
    fetchRecording,
    deleteRecordings,
  } = parts;
  const recovery: Pick<LiveService, "reconcile" | "applyRetention" | "tick" | "tickAll"> = {
    async reconcile(sessionId) {
      let session = await load(sessionId);
      const roomId = session.live.roomId;
      if (roomId === null) return session;
      // A start that failed on our side (a timeout, a crash) may still have reached the provider.
      const unsettled = (s: RecordingSegment) =>
        !isFinal(s) || (s.status === "failed" && s.recordingId === null);
      const needsProvider = session.live.segments.some(unsettled);
      const recordings = needsProvider ? await provider.listRecordings(roomId) : [];
      for (const segment of session.live.segments) {
        if (!unsettled(segment)) continue;
        const found =
          recordings.find((r) => r.id === segment.recordingId) ??
          recordings.find((r) => segment.recordingId === null && r.name === segment.name) ??
          (segment.recordingId !== null ? await fetchRecording(segment.recordingId) : undefined);
        if (found === "unknown") continue; // could not ask (a transient failure): next time
        if (found === undefined && segment.recordingId !== null) {
          // Neither listed for the room nor readable (a definitive refusal): the provider no
          // longer has it (deleted or expired there). The segment is final, so the replay no
          // longer waits for it (R-LIFE-4).
          session = await execute(sessionId, {
            type: "provider-event",
            event: {
              type: "recording",
              roomId,
              recordingId: segment.recordingId,
              name: segment.name,
              status: "failed",
              reason: "not found at the provider",
              duration: null,
              at: clock.now(),
            },
          });
          continue;
        }
        if (found === undefined) {
          // A start asked less than the grace period ago may still be on its way: left alone.
          const inFlight =
            clock.now() - Date.parse(segment.requestedAt) < decideOptions.reconcileGraceMs;
          if (segment.recordingId === null && segment.status === "starting" && !inFlight) {
            // The start never reached the provider: record the gap; the next client or tick resumes.
            session = await execute(sessionId, {
              type: "recording-start-failed",
              segmentIndex: segment.index,
              reason: "lost before reaching the provider",
            });
          }
          continue;
        }
        session = await execute(sessionId, {
          type: "provider-event",
          event: recordingEvent(roomId, found, clock.now()),
        });
        // A stop lost in a crash is sent again, once, through the same compare-and-set path.
        if (found.status === "started" || found.status === "paused") {
          session = await execute(sessionId, {
            type: "stop-stray-recording",
            recordingId: found.id,
            graceMs: decideOptions.reconcileGraceMs,
          });
        }
      }
      const broadcast = session.live.broadcast;
      const stopInFlight =
        broadcast?.stopRequestedAt !== undefined &&
        clock.now() - Date.parse(broadcast.stopRequestedAt) < decideOptions.reconcileGraceMs;
      if (
        session.live.phase === "ended" &&
        broadcast?.broadcastId &&
        broadcast.status === "started" &&
        !stopInFlight
      ) {
        await attempt({ sessionId, effect: "stop-broadcast" }, () =>
          provider.stopBroadcast(need(broadcast.broadcastId)),
        );
      }
      // A start whose answer never came (a crash) is asked again; recording resumes if it can.
      if (session.live.phase === "live") return execute(sessionId, { type: "tick" });
      return load(sessionId);
    },

    async applyRetention(sessionId) {
      const session = await load(sessionId);
      const keepMs = options.recordingRetentionMs;
      if (keepMs === undefined || session.live.phase !== "ended") return session;
      const due = session.live.segments.filter(
        (s) =>
          isWatchable(s) && s.stoppedAt !== null && clock.now() - Date.parse(s.stoppedAt) >= keepMs,
      );
      if (due.length === 0) return session;
      await deleteRecordings(session, due);
      const recordingIds = due.map((s) => need(s.recordingId));
      return execute(sessionId, { type: "recordings-expired", recordingIds }, 0, session);
    },

    async tick(sessionId) {
      const before = await load(sessionId);
      if (before.live.phase === "ended") return settle(parts, recovery.reconcile, before);
      // R-LIFE-6: a recording start saved but never answered (a crash) is settled with the
      // provider first: adopted if it started, failed (and asked again) if not.
      const stalled = before.live.segments.some(
        (s) =>
          s.status === "starting" &&
          s.recordingId === null &&
          clock.now() - Date.parse(s.requestedAt) >= decideOptions.reconcileGraceMs,
      );
      const session = stalled
        ? await recovery.reconcile(sessionId)
        : await execute(sessionId, { type: "tick" }, 0, before);
      // Leases are not renewed here: only fresh evidence does (R-PERM-6).
      return sendPending(parts, session);
    },

    tickAll: () => tickAll(parts, (sessionId) => recovery.tick(sessionId)),
  };

  return recovery;
}

/**
 * R-LIFE-6: an ended live whose outputs are not confirmed stopped, or whose replay is still
 * processing, is settled when its back-off is due: stops sent again, then the provider asked.
 */
async function settle(
  parts: Parts,
  reconcile: (sessionId: string) => Promise<LiveSession>,
  before: LiveSession,
): Promise<LiveSession> {
  const { clock, execute } = parts;
  const due = before.live.settleDueAt;
  if (!isUnsettled(before.live) || (due !== undefined && clock.now() < Date.parse(due))) {
    return before;
  }
  const session = await execute(before.id, { type: "settle-outputs" }, 0, before);
  if (session.live.segments.every(isFinal)) return sendPending(parts, session);
  return sendPending(parts, await reconcile(before.id));
}

/**
 * Sends again the notifications saved but not confirmed sent within the grace period (the process
 * died between the save and the sending, or the platform's handler failed): at least once.
 */
async function sendPending(parts: Parts, session: LiveSession): Promise<LiveSession> {
  const { clock, decideOptions, notify, execute } = parts;
  let latest = session;
  const now = clock.now();
  for (const pending of pendingNotifications(
    session.live.outbox,
    now,
    decideOptions.reconcileGraceMs,
  )) {
    const { id, kind, data } = pending;
    if (await notify({ id, kind, sessionId: session.id, data })) {
      latest = await execute(session.id, { type: "notifications-sent", ids: [id] });
    }
  }
  return latest;
}

/** Ticks every live, and every ended live still settling, as the store lists them. */
async function tickAll(parts: Parts, tick: (sessionId: string) => Promise<LiveSession>) {
  const { store, logger } = parts;
  // Asked of the store each time: lives started on other instances, or before a restart, too.
  // Ended lives whose outputs are not settled yet are ticked too (R-LIFE-6).
  const [live, settling] = await Promise.all([
    guardStore(() => store.liveSessionIds()),
    guardStore(() => store.settlingSessionIds()),
  ]);
  const sessionIds = [...new Set([...live, ...settling])];
  const lives = new Set(live);
  let ticked = 0;
  for (const sessionId of sessionIds) {
    try {
      await tick(sessionId);
      if (lives.has(sessionId)) ticked++;
    } catch (error) {
      // Deleted meanwhile: nothing left to tick.
      if (!isLiveError(error, "SESSION_NOT_FOUND")) {
        logger.warn({ sessionId, err: describe(error) }, "tick failed");
      }
    }
  }
  return ticked;
}
