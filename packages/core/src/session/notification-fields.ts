// What may leave onair in a notification (R-DATA-1): an allow-list of fields, not "everything but
// emails". Emails, admin ids, viewer keys and any field not listed here stay in the store.
import type { LiveEvent } from "./model.js";

/**
 * The data fields a change notification or a platform notification may carry: ids onair made up
 * or the provider gave, statuses, counts and reasons. Never an email, an admin id or a viewer key.
 */
export const notificationFields: ReadonlySet<string> = new Set([
  "sessionId",
  "roomId",
  "segmentIndex",
  "afterSegment",
  "name",
  "recordingId",
  "recordingIds",
  "uploaded",
  "status",
  "reason",
  "duration",
  "idleMs",
  "broadcastId",
  "streamId",
  "streamIds",
  "connectionId",
  "videoType",
  "audioOnly",
  "layout",
  "focusStreamId",
  "role",
  "personKey",
  "fields",
  "cause",
  "refusedInWindow",
  "windowMs",
]);

type Plain = string | number | boolean | null;

function isPlain(value: unknown): value is Plain {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/**
 * Keeps the allowed fields of `data` whose value is plain (or a list of plain values): nested
 * objects never travel, whatever they hold.
 */
export function notificationData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!notificationFields.has(key)) continue;
    if (isPlain(value) || (Array.isArray(value) && value.every(isPlain))) kept[key] = value;
  }
  return kept;
}

/**
 * A history entry as it may travel in a change notification: its data reduced to the allowed
 * fields and an admin actor without its id. `redacted` says whether anything was left out (the
 * whole entry is in the store).
 */
export function eventForNotification(event: LiveEvent): { event: LiveEvent; redacted: boolean } {
  const data = notificationData(event.data);
  const dataCut = Object.keys(data).length !== Object.keys(event.data).length;
  const adminCut = event.actor.kind === "admin" && event.actor.id !== "";
  if (!dataCut && !adminCut) return { event, redacted: false };
  return {
    event: { ...event, actor: adminCut ? { kind: "admin", id: "" } : event.actor, data },
    redacted: true,
  };
}
