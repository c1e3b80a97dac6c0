// Turns whatever a database driver throws into a LiveError whose message and cause carry no SQL,
// parameters, connection string, password or email: only the SQLSTATE or socket error code.
import { LiveError } from "@onair/core";

/** SQLSTATEs of a transaction that lost a race with another one (serialization, deadlock). */
const lostRace = new Set(["40001", "40P01"]);
/** SQLSTATEs of an input PostgreSQL cannot read (e.g. an instant that is not a date). */
const badInput = new Set(["22007", "22008", "22P02", "22P05", "22023"]);
/** SQLSTATEs of a schema that is not there: `migrate()` was not run (or on another schema). */
const missingSchema = new Set(["42P01", "3F000"]);
/** Errors of the JavaScript runtime: a bug or a bad value, never the database being away. */
const programErrors = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

const sqlStatePattern = /^[0-9A-Z]{5}$/;

/** How an operation reports a lost race. */
export interface ErrorContext {
  /**
   * True for compare-and-set writes (`update`, `delete` with an expected version): a lost race
   * means the session changed meanwhile (CONFLICT). Elsewhere it is a transient failure.
   */
  readonly compareAndSet?: boolean;
}

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

/** The error's class name only (e.g. "TypeError"): never its message, which may hold anything. */
function errorKind(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  return /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(name) ? name : "Error";
}

/**
 * A failure that is not the database's (a bug, a callback of the caller that threw): not
 * retriable, and said neutrally, since the store is not unavailable.
 */
export function unexpectedFailure(
  error: unknown,
  message = "The session store could not complete the operation.",
): LiveError {
  const cause = new Error(`unexpected ${errorKind(error)}`);
  cause.name = "UnexpectedError";
  return new LiveError("STORE_FAILED", message, { retriable: false, cause });
}

/**
 * Whether `error` comes from the database or the link to it. Driver errors carry a SQLSTATE or a
 * socket code; node-postgres also throws plain `Error`s without a code when a link drops or times
 * out. Runtime errors (TypeError…) and non-errors are not the database's.
 */
function fromDriver(error: unknown): boolean {
  if (errorCode(error) !== undefined) return true;
  if (!(error instanceof Error)) return false;
  return !programErrors.some((kind) => error instanceof kind);
}

/** Wraps a driver error; a LiveError thrown by the store's own checks goes through unchanged. */
export function toStoreError(error: unknown, context: ErrorContext = {}): LiveError {
  if (error instanceof LiveError) return error;
  if (!fromDriver(error)) return unexpectedFailure(error);
  const code = errorCode(error);
  const cause = sanitizedCause(error);
  const sqlState = code !== undefined && sqlStatePattern.test(code) ? code : undefined;
  if (sqlState !== undefined && lostRace.has(sqlState)) {
    if (context.compareAndSet === true) {
      return new LiveError("CONFLICT", "The session changed meanwhile; reload and try again.", {
        retriable: true,
        cause,
      });
    }
    return new LiveError("STORE_FAILED", "The session store was busy; try again.", {
      retriable: true,
      cause,
    });
  }
  if (sqlState === "23505") {
    return new LiveError("CONFLICT", "A record with the same key already exists.", { cause });
  }
  if (sqlState?.startsWith("23")) {
    return new LiveError(
      "INVALID_INPUT",
      "The session store refused a value that breaks its rules.",
      {
        cause,
      },
    );
  }
  if (sqlState !== undefined && badInput.has(sqlState)) {
    return new LiveError(
      "INVALID_INPUT",
      "The session store could not read a value it was given.",
      {
        cause,
      },
    );
  }
  if (sqlState !== undefined && missingSchema.has(sqlState)) {
    return new LiveError(
      "STORE_FAILED",
      "The session store's tables do not exist: run store.migrate() before using the store.",
      { retriable: false, cause },
    );
  }
  if (sqlState?.startsWith("42")) {
    return new LiveError(
      "STORE_FAILED",
      "The database refused the session store's statements: check that store.migrate() ran and the role's rights.",
      { retriable: false, cause },
    );
  }
  return new LiveError("STORE_FAILED", "The session store is unavailable; try again shortly.", {
    retriable: true,
    cause,
  });
}

/** Runs a store operation and converts any driver failure with `toStoreError`. */
export async function guarded<T>(
  operation: () => Promise<T>,
  context: ErrorContext = {},
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error, context);
  }
}
