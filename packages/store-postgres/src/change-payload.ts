// The NOTIFY payload of a change: the change reduced to an allow-list of fields, with no email
// and no admin id (anyone who may LISTEN on the database could read it), whole when it fits under PostgreSQL's limit, else only its session and
// version. Listeners read from the store what the payload left out.
import { eventForNotification, type LiveEvent, type SessionChange } from "@onair/core";

/** NOTIFY refuses payloads of 8000 bytes or more (default server build). */
export const maxNotifyPayloadBytes = 7999;

export interface ChangeNotice {
  readonly sessionId: string;
  readonly version: number;
  /** Absent when the change was too large to travel in the notification. */
  readonly events?: readonly LiveEvent[];
  /** True when fields were left out of the events: the whole events are in the store. */
  readonly redacted?: boolean;
}

const encoder = new TextEncoder();

/** The events as they may travel (R-DATA-1): the allowed fields only, no admin id. */
export function redactEvents(events: readonly LiveEvent[]): {
  events: readonly LiveEvent[];
  redacted: boolean;
} {
  let redacted = false;
  const out = events.map((given) => {
    const { event, redacted: cut } = eventForNotification(given);
    if (cut) redacted = true;
    return event;
  });
  return { events: out, redacted };
}

export function encodeChange(change: SessionChange, limit = maxNotifyPayloadBytes): string {
  const { events, redacted } = redactEvents(change.events);
  const full = JSON.stringify({
    sessionId: change.sessionId,
    version: change.version,
    events,
    ...(redacted ? { redacted: true } : {}),
  });
  if (encoder.encode(full).length <= limit) return full;
  return JSON.stringify({ sessionId: change.sessionId, version: change.version });
}

/** Reads a payload; anything else sharing the channel (or garbled) gives null. */
export function decodeChange(payload: string): ChangeNotice | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { sessionId, version, events, redacted } = value as Record<string, unknown>;
  if (typeof sessionId !== "string" || sessionId.length === 0) return null;
  if (typeof version !== "number" || !Number.isInteger(version)) return null;
  if (events === undefined) return { sessionId, version };
  if (!Array.isArray(events) || !events.every(isEventLike)) return null;
  return {
    sessionId,
    version,
    events: events as LiveEvent[],
    ...(redacted === true ? { redacted: true } : {}),
  };
}

function isEventLike(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event.type === "string" && typeof event.at === "string";
}
