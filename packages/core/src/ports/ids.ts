// Ids are injected so that tests are deterministic.

export interface IdGenerator {
  /** A new unique, opaque id; `prefix` says what it names (e.g. "ses", "p"). */
  next(prefix: string): string;
}

/** Random ids from the Web Crypto API (available in browsers and Node ≥ 19). */
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${globalThis.crypto.randomUUID().replaceAll("-", "")}`,
};
