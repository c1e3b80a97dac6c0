// Timers are injected like time: code that waits (health checks, periodic resyncs, reconnect
// back-off) asks a Scheduler, so tests move time on instead of waiting for it.
import type { Clock } from "./clock.js";

export interface Scheduler extends Clock {
  /** Runs `task` once, `ms` from now. Returns a function that cancels it (harmless once run). */
  after(ms: number, task: () => void): () => void;
  /** Runs `task` every `ms` until cancelled. Returns the cancelling function. */
  every(ms: number, task: () => void): () => void;
}

/** Lets the process exit while a timer is pending (Node timers have `unref`; browsers' do not). */
const unref = (timer: unknown) => (timer as { unref?: () => void }).unref?.();

/** Real time and real timers; its timers never keep a Node process alive on their own. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, task) {
    const timer = setTimeout(task, ms);
    unref(timer);
    return () => clearTimeout(timer);
  },
  every(ms, task) {
    const timer = setInterval(task, ms);
    unref(timer);
    return () => clearInterval(timer);
  },
};
