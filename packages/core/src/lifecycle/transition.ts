// One decision in progress: the events and effects it collects while the live state evolves.
import type { Actor, LiveEvent, LiveEventType, LiveSession, LiveState } from "../session/model.js";
import type { Decision, LiveEffect } from "./commands.js";

export const provider: Actor = { kind: "provider" };
export const system: Actor = { kind: "system" };

let formattedMs = Number.NaN;
let formatted = "";

/**
 * `new Date(ms).toISOString()`, formatted once per millisecond: the decisions and saves of one
 * command (several within a millisecond) share one string instead of formatting it each time.
 */
export function isoAt(ms: number): string {
  if (ms !== formattedMs) {
    formatted = new Date(ms).toISOString();
    formattedMs = ms;
  }
  return formatted;
}

/** Collects the events and effects of one decision while the live state evolves. */
export class Transition {
  readonly events: LiveEvent[] = [];
  readonly effects: LiveEffect[] = [];
  live: LiveState;

  constructor(
    readonly session: LiveSession,
    readonly at: string,
  ) {
    this.live = session.live;
  }

  record(
    type: LiveEventType,
    actor: Actor,
    data: Record<string, unknown> = {},
    reason: string | null = null,
  ) {
    this.events.push({ sessionId: this.session.id, type, actor, at: this.at, reason, data });
  }

  set(patch: Partial<LiveState>) {
    this.live = { ...this.live, ...patch };
  }

  result(): Decision {
    if (this.events.length === 0)
      return { events: [], effects: this.effects, session: this.session };
    return {
      events: this.events,
      effects: this.effects,
      session: { ...this.session, live: this.live },
    };
  }
}
