// Reading history rows back into the core's shapes: entries, and the per-version changes the change
// feed replays when it has missed notifications.
import type { Actor, HistoryEntry, LiveEvent, LiveEventType, SessionChange } from "@onair/core";

export interface HistoryRow {
  [column: string]: unknown;
  readonly session_id: string;
  readonly seq: number;
  readonly version: number;
  readonly type: string;
  readonly actor: unknown;
  readonly at: unknown;
  readonly reason: string | null;
  readonly data: unknown;
}

/** The columns of `HistoryRow`, for SELECT lists. */
export const historyColumns = "session_id, seq, version, type, actor, at, reason, data";

/** Instants come back in the canonical form of `Date.prototype.toISOString()`. */
function isoInstant(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return date.toISOString();
}

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    sessionId: row.session_id,
    type: row.type as LiveEventType,
    actor: row.actor as Actor,
    at: isoInstant(row.at),
    reason: row.reason,
    data: (row.data ?? {}) as Record<string, unknown>,
    seq: Number(row.seq),
  };
}

function toEvent(row: HistoryRow): LiveEvent {
  const { seq: _seq, ...event } = toHistoryEntry(row);
  return event;
}

/**
 * One change per version in `(afterVersion, untilVersion]`, in order, each with the history entries
 * recorded for that version (none when the update recorded none or they were purged).
 */
export function changesFromRows(
  sessionId: string,
  rows: readonly HistoryRow[],
  afterVersion: number,
  untilVersion: number,
): SessionChange[] {
  const byVersion = new Map<number, LiveEvent[]>();
  for (const row of rows) {
    const version = Number(row.version);
    const events = byVersion.get(version) ?? [];
    events.push(toEvent(row));
    byVersion.set(version, events);
  }
  const changes: SessionChange[] = [];
  for (let version = afterVersion + 1; version <= untilVersion; version++) {
    changes.push({ sessionId, version, events: byVersion.get(version) ?? [] });
  }
  return changes;
}
