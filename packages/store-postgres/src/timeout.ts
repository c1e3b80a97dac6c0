// Bounds a wait: a link that swallows packets raises no error, it only never answers.
import { type Scheduler, systemScheduler } from "@onair/core";

/** Rejects with a coded error (so logs and errors show "ETIMEDOUT") when `ms` pass first. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  scheduler: Scheduler = systemScheduler,
): Promise<T> {
  if (!(ms > 0)) return work;
  let cancel: (() => void) | undefined;
  const expiry = new Promise<never>((_, reject) => {
    cancel = scheduler.after(ms, () =>
      reject(Object.assign(new Error(`${what} timed out`), { code: "ETIMEDOUT" })),
    );
  });
  return Promise.race([work, expiry]).finally(() => cancel?.());
}
