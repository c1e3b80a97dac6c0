// The LiveError a promise rejects with, for tests that check its code, advice or issues.
import { expect } from "vitest";
import { LiveError } from "../src/errors.js";

export async function rejection(promise: Promise<unknown>): Promise<LiveError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LiveError);
  return error as LiveError;
}
