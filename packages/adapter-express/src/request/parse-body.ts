// Validates a parsed JSON body against a schema (the core's own schemas where it has them), so
// invalid input is refused with field-level issues before any service call.
import { type InputIssue, LiveError } from "@onair/core";

interface SafeParser<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
      };
}

export function parseBody<T>(schema: SafeParser<T>, body: unknown): T {
  const parsed = schema.safeParse(body === undefined ? {} : body);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  throw new LiveError("INVALID_INPUT", "The request body is not valid.", { issues });
}
