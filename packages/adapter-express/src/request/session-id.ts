// Session ids are checked (length, charset) before they reach the service or the store.
import { LiveError } from "@onair/core";
import type { Request } from "express";
import * as z from "zod";

export const sessionIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

export function sessionIdOf(req: Request): string {
  const parsed = sessionIdSchema.safeParse(req.params.id);
  if (!parsed.success) {
    throw new LiveError("INVALID_INPUT", "The session id is not valid.", {
      issues: [{ path: "id", message: "Expected 1 to 100 letters, digits, '-' or '_'." }],
    });
  }
  return parsed.data;
}
