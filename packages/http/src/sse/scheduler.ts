// Repeating timers are injected so heartbeats can be driven by hand in tests.

export interface Scheduler {
  /** Runs `task` every `ms` milliseconds until the returned function is called. */
  every(ms: number, task: () => void): () => void;
}

/** Real timers, unref'd: a heartbeat never keeps a process alive on its own. */
export const systemScheduler: Scheduler = {
  every(ms, task) {
    const timer = setInterval(task, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
