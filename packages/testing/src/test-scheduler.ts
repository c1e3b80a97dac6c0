// A Scheduler on a TestClock: timers fire only when the test moves time on, in the order they
// fall due, each seeing the clock at its own due time.
import type { Scheduler } from "@onair/core";
import { createTestClock, type TestClock } from "./test-clock.js";

export interface TestScheduler extends Scheduler {
  /** The clock the timers follow; moving it directly fires whatever fell due. */
  readonly clock: TestClock;
  /**
   * Moves time on by `ms`, stopping at each timer's due time to run it (timers a task sets
   * within the window run too). Returns the new time.
   */
  advance(ms: number): number;
  /** Timers waiting to fire (an interval counts once). */
  pending(): number;
}

interface Timer {
  readonly seq: number;
  due: number;
  readonly task: () => void;
  readonly period: number | null;
}

export function createTestScheduler(clock: TestClock = createTestClock()): TestScheduler {
  const timers = new Map<number, Timer>();
  let seq = 0;
  let running = false;

  const add = (ms: number, task: () => void, period: number | null) => {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError("A timer needs a finite, non-negative delay in milliseconds.");
    }
    const timer: Timer = { seq: ++seq, due: clock.now() + ms, task, period };
    timers.set(timer.seq, timer);
    return () => {
      timers.delete(timer.seq);
    };
  };

  const nextDue = (until: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.due > until) continue;
      if (
        next === undefined ||
        timer.due < next.due ||
        (timer.due === next.due && timer.seq < next.seq)
      ) {
        next = timer;
      }
    }
    return next;
  };

  /** Runs every timer due by `until`, moving the clock to each one's due time first. */
  const runUntil = (until: number) => {
    running = true;
    try {
      for (let timer = nextDue(until); timer !== undefined; timer = nextDue(until)) {
        if (timer.due > clock.now()) clock.set(timer.due);
        if (timer.period === null) timers.delete(timer.seq);
        // A zero period would never let time move on: it fires once per step instead.
        else timer.due += Math.max(timer.period, 1);
        timer.task();
      }
    } finally {
      running = false;
    }
  };

  // The clock moved by someone else (a test calling clock.advance): what fell due runs now.
  clock.onChange((now) => {
    if (!running) runUntil(now);
  });

  return {
    clock,
    now: () => clock.now(),
    after: (ms, task) => add(ms, task, null),
    every: (ms, task) => add(ms, task, ms),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError("advance() takes a finite, non-negative number of milliseconds.");
      }
      const until = clock.now() + ms;
      runUntil(until);
      running = true;
      try {
        if (clock.now() < until) clock.set(until);
      } finally {
        running = false;
      }
      return clock.now();
    },
    pending: () => timers.size,
  };
}
