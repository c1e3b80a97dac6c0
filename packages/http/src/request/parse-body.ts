// Validates a parsed JSON body against a schema (the core's own schemas where it has them), so
// invalid input is refused with field-level issues before any service call. The core's messages
// name fields and never repeat the values received; the problem layer bounds what is sent back.
import { isLiveError, LiveError, parseInput } from "@onair/core";
import type * as z from "zod/mini";

export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.output<S> {
  try {
    return parseInput(schema, body === undefined ? {} : body);
  } catch (error) {
    if (!isLiveError(error) || error.code !== "INVALID_INPUT") throw error;
    // The core's summary lists every field; the issues already say which ones.
    throw new LiveError("INVALID_INPUT", "The request body is not valid.", {
      issues: error.issues,
    });
  }
}
