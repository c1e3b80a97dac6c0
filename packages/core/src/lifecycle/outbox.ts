// Platform notifications are sent from saved state, at least once (R-LIFE-4, R-LIFE-7, R-LIFE-8):
// a decision that notifies saves the notification in the live's outbox in the same compare-and-set
// as the change that raised it; it leaves the outbox once the platform has received it.
import type { PendingNotification } from "../session/model.js";
import { system, type Transition } from "./transition.js";

/**
 * Gives each notification of the decision a stable id (the session, the version this decision
 * saves, its position) and keeps it in the outbox. Runs once per decision, after the rules.
 */
export function queueNotifications(t: Transition) {
  // Most decisions notify nothing: they leave here without building anything.
  let queued: PendingNotification[] | undefined;
  const { effects } = t;
  for (let index = 0; index < effects.length; index++) {
    const effect = effects[index];
    if (effect?.type !== "notify" || effect.id !== undefined) continue;
    queued ??= [];
    const id = `${t.session.id}:${t.session.version + 1}:${queued.length + 1}`;
    effects[index] = { ...effect, id };
    queued.push({ id, kind: effect.kind, data: effect.data, at: t.at });
  }
  if (queued !== undefined) t.set({ outbox: [...(t.live.outbox ?? []), ...queued] });
}

/** Notifications the platform received leave the outbox (a repeated confirmation changes nothing). */
export function onNotificationsSent(t: Transition, ids: readonly string[]) {
  const outbox = t.live.outbox ?? [];
  const sent = outbox.filter((n) => ids.includes(n.id));
  if (sent.length === 0) return;
  const left = outbox.filter((n) => !ids.includes(n.id));
  if (left.length > 0) t.set({ outbox: left });
  else {
    const { outbox: _sent, ...live } = t.live;
    t.live = live;
  }
  for (const n of sent) t.record("notification-sent", system, { id: n.id, kind: n.kind });
}

/** Outbox entries older than `graceMs`: their first sending was lost (a crash), or failed. */
export function pendingNotifications(
  outbox: readonly PendingNotification[] | undefined,
  now: number,
  graceMs: number,
): readonly PendingNotification[] {
  return (outbox ?? []).filter((n) => now - Date.parse(n.at) >= graceMs);
}
