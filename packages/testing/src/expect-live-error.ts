// Asserts that a call fails with a LiveError of a given code: tests branch on codes, never on messages.
// Plain JavaScript, no test runner imported: any runner (vitest, node:test, jest) reports the throw.
import type { LiveError, LiveErrorCode } from "@onair/core";
import { isLiveError } from "@onair/core";

function assertionFailure(message: string, actual?: unknown): Error {
  const failure = new Error(message, actual === undefined ? undefined : { cause: actual });
  failure.name = "AssertionError";
  return failure;
}

/** Awaits `action` and asserts it rejects with a LiveError of `code`; returns the error for more checks. */
export async function expectLiveError(
  action: Promise<unknown> | (() => Promise<unknown> | unknown),
  code: LiveErrorCode,
): Promise<LiveError> {
  let caught: unknown;
  let settled = false;
  try {
    await (typeof action === "function" ? action() : action);
    settled = true;
  } catch (error) {
    caught = error;
  }
  if (settled) throw assertionFailure(`Expected a LiveError ${code}, but the call succeeded.`);
  if (!isLiveError(caught)) {
    const got = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    throw assertionFailure(`Expected a LiveError ${code}, got ${got}`, caught);
  }
  if (caught.code !== code) {
    throw assertionFailure(
      `Expected a LiveError ${code}, got ${caught.code}: ${caught.message}`,
      caught,
    );
  }
  return caught;
}
