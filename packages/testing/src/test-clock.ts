// A controllable Clock for tests: time only moves when the test says so.
// Listeners let time-driven fakes (the mock provider's timers) react to every move.
import type { Clock } from "@onair/core";

export type ClockListener = (now: number) => void;

export interface TestClock extends Clock {
  /** Moves time forward by `ms` (never backwards) and notifies the listeners. */
  advance(ms: number): number;
  /** Jumps to an absolute instant (epoch milliseconds) and notifies the listeners. */
  set(ms: number): number;
  /** Called synchronously after every change, in subscription order. Returns an unsubscribe function. */
  onChange(listener: ClockListener): () => void;
}

/** The instant every test clock starts at unless told otherwise: 2026-01-01T09:00:00Z. */
export const defaultTestStart = Date.parse("2026-01-01T09:00:00Z");

export function createTestClock(startMs: number = defaultTestStart): TestClock {
  if (!Number.isFinite(startMs)) throw new RangeError("The test clock needs a finite start time.");
  let current = startMs;
  const listeners = new Set<ClockListener>();

  const notify = () => {
    // A copy, so a listener that unsubscribes (or subscribes) while being notified is safe.
    for (const listener of [...listeners]) listener(current);
  };

  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError("advance() takes a finite, non-negative number of milliseconds.");
      }
      current += ms;
      notify();
      return current;
    },
    set(ms) {
      if (!Number.isFinite(ms)) throw new RangeError("set() takes a finite instant.");
      current = ms;
      notify();
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
