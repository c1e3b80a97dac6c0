// Recovery: reconcile with the provider after a crash (R-LIFE-6), the periodic tick and tickAll
// (R-LIFE-3, R-LIFE-8), and the retention of recordings (R-DATA-1).
import { isLiveError } from "../errors.js";
import { pendingNotifications } from "../lifecycle/outbox.js";
import {
  decideReconcile,
  hasStalledStart,
  needsProviderReport,
  type ReconcileReport,
  type RecordingLookup,
  recordingsToRead,
} from "../lifecycle/reconcile.js";
import { isFinal, retentionDue } from "../lifecycle/recording-segments.js";
import { isUnsettled } from "../lifecycle/settle.js";
import type { LiveSession, LiveState } from "../session/model.js";
import { describe, guardStore, need } from "./context.js";
import type { Parts } from "./live-service.js";
import type { LiveService } from "./types.js";

export function createRecovery(parts: Parts) {
  const { clock, options, decideOptions, load, commit, execute, runEffects, deleteRecordings } =
    parts;
  const recovery: Pick<LiveService, "reconcile" | "applyRetention" | "tick" | "tickAll"> = {
    async reconcile(sessionId) {
      const session = await load(sessionId);
      const roomId = session.live.roomId;
      if (roomId === null) return session;
      const report = await reportOf(parts, session.live, roomId);
      // Decided on the latest state with compare-and-set: the report is plain data, so a retry
      // decides again from it.
      const { after, result } = await commit(
        sessionId,
        (latest) => decideReconcile(latest, report, clock.now(), decideOptions),
        session,
      );
      const settled = result.events.length > 0 ? await runEffects(after, result.effects, 0) : after;
      // A start whose answer never came (a crash) is asked again; recording resumes if it can.
      if (settled.live.phase === "live") return execute(sessionId, { type: "tick" });
      return load(sessionId);
    },

    async applyRetention(sessionId) {
      const session = await load(sessionId);
      const keepMs = options.recordingRetentionMs;
      if (keepMs === undefined || session.live.phase !== "ended") return session;
      const due = retentionDue(session.live.segments, clock.now(), keepMs);
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
      const stalled = hasStalledStart(before.live, clock.now(), decideOptions.reconcileGraceMs);
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
 * What the provider says about the live's recordings (R-LIFE-6): asked only when a segment is not
 * settled; a recording the room's listing misses is read on its own.
 */
async function reportOf(parts: Parts, live: LiveState, roomId: string): Promise<ReconcileReport> {
  const read = new Map<string, RecordingLookup>();
  if (!needsProviderReport(live)) return { listed: null, read };
  const listed = await parts.provider.listRecordings(roomId);
  for (const recordingId of recordingsToRead(live, listed)) {
    const found = await parts.fetchRecording(recordingId);
    read.set(recordingId, found === undefined ? "not-found" : found);
  }
  return { listed, read };
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
