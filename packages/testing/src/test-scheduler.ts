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
  /**
   * Like `advance`, but lets the promise callbacks each timer started run (one macrotask turn)
   * before time moves on, as they would with real timers: a failed connect schedules its retry at
   * the time it failed, not at the end of the window. Resolves to the new time.
   */
  advanceAsync(ms: number): Promise<number>;
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

  /** Moves the clock to the timer's due time and runs it (an interval is set up again first). */
  const fire = (timer: Timer) => {
    running = true;
    try {
      if (timer.due > clock.now()) clock.set(timer.due);
      if (timer.period === null) timers.delete(timer.seq);
      // A zero period would never let time move on: it fires once per step instead.
      else timer.due += Math.max(timer.period, 1);
      timer.task();
    } finally {
      running = false;
    }
  };

  /** Runs every timer due by `until`, in order. */
  const runUntil = (until: number) => {
    for (let timer = nextDue(until); timer !== undefined; timer = nextDue(until)) fire(timer);
  };

  const moveTo = (until: number) => {
    running = true;
    try {
      if (clock.now() < until) clock.set(until);
    } finally {
      running = false;
    }
    return clock.now();
  };

  const checked = (ms: number) => {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError("advance() takes a finite, non-negative number of milliseconds.");
    }
    return clock.now() + ms;
  };

  /** One macrotask turn: every promise callback queued so far, and those they queue, run. */
  const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
      const until = checked(ms);
      runUntil(until);
      return moveTo(until);
    },
    async advanceAsync(ms) {
      const until = checked(ms);
      await turn();
      for (let timer = nextDue(until); timer !== undefined; timer = nextDue(until)) {
        fire(timer);
        await turn();
      }
      return moveTo(until);
    },
    pending: () => timers.size,
  };
}
