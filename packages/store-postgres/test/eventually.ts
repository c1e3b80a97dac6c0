// Waits for an asynchronous outcome (a notification crossing the database) without fixed sleeps.
export async function eventually<T>(
  read: () => T | undefined | false,
  { timeoutMs = 5_000, what = "condition" }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Gives pending notifications time to arrive, to prove that nothing more does. */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
