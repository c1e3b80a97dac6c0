// The NOTIFY payload of a change: the whole change when it fits under PostgreSQL's limit, else only
// its session and version, and listeners read the events from the store.
import type { LiveEvent, SessionChange } from "@onair/core";

/** NOTIFY refuses payloads of 8000 bytes or more (default server build). */
export const maxNotifyPayloadBytes = 7999;

export interface ChangeNotice {
  readonly sessionId: string;
  readonly version: number;
  /** Absent when the change was too large to travel in the notification. */
  readonly events?: readonly LiveEvent[];
}

const encoder = new TextEncoder();

export function encodeChange(change: SessionChange, limit = maxNotifyPayloadBytes): string {
  const full = JSON.stringify({
    sessionId: change.sessionId,
    version: change.version,
    events: change.events,
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
  const { sessionId, version, events } = value as Record<string, unknown>;
  if (typeof sessionId !== "string" || sessionId.length === 0) return null;
  if (typeof version !== "number" || !Number.isInteger(version)) return null;
  if (events === undefined) return { sessionId, version };
  if (!Array.isArray(events) || !events.every(isEventLike)) return null;
  return { sessionId, version, events: events as LiveEvent[] };
}

function isEventLike(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event.type === "string" && typeof event.at === "string";
}
