// Turns whatever a database driver throws into a LiveError whose message and cause carry no SQL,
// parameters, connection string, password or email: only the SQLSTATE or socket error code.
import { LiveError } from "@onair/core";

/** SQLSTATEs of a transaction that lost a race with another one. */
const lostRace = new Set(["40001", "40P01"]);
/** SQLSTATEs of an input PostgreSQL cannot read (e.g. an instant that is not a date). */
const badInput = new Set(["22007", "22008", "22P02", "22P05", "22023"]);

/** The code of a driver error (SQLSTATE such as "23505", or a socket code such as "ECONNREFUSED"). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code) ? code : undefined;
}

function sanitizedCause(error: unknown): Error {
  const code = errorCode(error) ?? "unknown";
  const cause = new Error(`database error ${code}`);
  cause.name = "DatabaseError";
  return cause;
}

/** Wraps a driver error; a LiveError thrown by the store's own checks goes through unchanged. */
export function toStoreError(error: unknown): LiveError {
  if (error instanceof LiveError) return error;
  const code = errorCode(error);
  const cause = sanitizedCause(error);
  if (code !== undefined && lostRace.has(code)) {
    return new LiveError("CONFLICT", "The session changed meanwhile; reload and try again.", {
      retriable: true,
      cause,
    });
  }
  if (code === "23505") {
    return new LiveError("CONFLICT", "A record with the same key already exists.", { cause });
  }
  if (code !== undefined && badInput.has(code)) {
    return new LiveError(
      "INVALID_INPUT",
      "The session store could not read a value it was given.",
      {
        cause,
      },
    );
  }
  return new LiveError("STORE_FAILED", "The session store is unavailable; try again shortly.", {
    retriable: true,
    cause,
  });
}

/** Runs a store operation and converts any driver failure with `toStoreError`. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}
