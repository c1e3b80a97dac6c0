// Validates untrusted input against a schema and turns every failure into one LiveError.
// Messages are written here: they name fields, never repeat the values received.
import type * as z from "zod/mini";
import type { InputIssue } from "../errors.js";
import { LiveError } from "../errors.js";

/** Enough to fix a form; a flood of issues helps nobody and bloats responses. */
const maxIssues = 20;
const maxPathSegment = 64;
const unreadable: InputIssue = { path: "", message: "The input could not be read." };

function segment(key: PropertyKey): string {
  const text = typeof key === "symbol" ? (key.description ?? "symbol") : String(key);
  return text.length > maxPathSegment ? `${text.slice(0, maxPathSegment)}…` : text;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(segment).join(".");
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === "too_big";
  const limit = String(big ? issue.maximum : issue.minimum);
  switch (issue.origin) {
    case "string":
      if (!big && limit === "1") return "Must not be empty.";
      return big ? `Must be at most ${limit} characters.` : `Must be at least ${limit} characters.`;
    case "array":
      return big ? `Must hold at most ${limit} items.` : `Must hold at least ${limit} items.`;
    default:
      return big ? `Must be at most ${limit}.` : `Must be at least ${limit}.`;
  }
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "Required." : `Expected ${issue.expected}.`;
    case "too_big":
    case "too_small":
      return sizeMessage(issue);
    case "invalid_format":
      return issue.format === "datetime"
        ? "Expected an ISO 8601 date-time with a time zone offset (e.g. 2025-06-01T09:00:00Z)."
        : `Expected the ${issue.format} format.`;
    case "invalid_value":
      return `Expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(", ")}.`;
    case "unrecognized_keys":
      return "Unknown field.";
    default:
      return "Invalid value.";
  }
}

function toIssues(issues: readonly z.core.$ZodIssue[]): InputIssue[] {
  const result: InputIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      // One issue per unknown key, so a form can point at each of them.
      for (const key of issue.keys) {
        result.push({ path: pathOf([...issue.path, key]), message: describe(issue) });
      }
    } else {
      result.push({ path: pathOf(issue.path), message: describe(issue) });
    }
  }
  return result.slice(0, maxIssues);
}

function summary(issues: readonly InputIssue[]): string {
  const fields = [...new Set(issues.map((issue) => issue.path || "the input"))];
  return `Invalid input: check ${fields.join(", ")}.`;
}

/** The LiveError INVALID_INPUT for these problems, with a message naming the fields. */
export function invalidInput(issues: readonly InputIssue[]): LiveError {
  return new LiveError("INVALID_INPUT", summary(issues), { issues });
}

/**
 * Parses `input` with `schema`. Whatever the input (null, getters that throw, proxies, odd keys),
 * the only error it throws is LiveError INVALID_INPUT, with one issue per field.
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  let result: ReturnType<z.ZodMiniType["safeParse"]>;
  try {
    // `reportInput` lets the messages tell a missing field from a wrong one; inputs stay internal.
    result = schema.safeParse(input, { reportInput: true });
  } catch {
    throw invalidInput([unreadable]);
  }
  if (result.success) return result.data as z.output<S>;
  const issues = toIssues(result.error.issues);
  throw invalidInput(issues.length > 0 ? issues : [unreadable]);
}
