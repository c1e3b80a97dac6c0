// Asserts that a call fails with a LiveError of a given code: tests branch on codes, never on messages.
import type { LiveErrorCode } from "@onair/core";
import { LiveError } from "@onair/core";
import { expect } from "vitest";

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
  if (settled) expect.fail(`Expected a LiveError ${code}, but the call succeeded.`);
  expect(caught, `Expected a LiveError ${code}`).toBeInstanceOf(LiveError);
  const error = caught as LiveError;
  expect(error.code, `Expected a LiveError ${code}, got ${error.code}: ${error.message}`).toBe(
    code,
  );
  return error;
}
