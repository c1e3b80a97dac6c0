// Bounds a wait: a link that swallows packets raises no error, it only never answers.

/** Rejects with a coded error (so logs and errors show "ETIMEDOUT") when `ms` pass first. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  if (!(ms > 0)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`${what} timed out`), { code: "ETIMEDOUT" })),
      ms,
    );
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
