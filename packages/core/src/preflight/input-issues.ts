// Parses untrusted preflight input and turns any failure into LiveError INVALID_INPUT with readable
// issues: zod/mini ships no message locale, and "Invalid input" would not tell a client what to fix.
import type * as z from "zod/mini";
import { type InputIssue, LiveError } from "../errors.js";

type Issue = z.core.$ZodIssue;

const maxIssues = 20;

// Keys and paths come from the client: bounded before they are echoed back.
const bounded = (key: PropertyKey) => String(typeof key === "symbol" ? "symbol" : key).slice(0, 64);

function describe(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return `Expected ${issue.expected}.`;
    case "invalid_value":
      return `Expected one of: ${issue.values.map((value) => JSON.stringify(value)).join(", ")}.`;
    case "unrecognized_keys":
      return "Unknown field.";
    case "too_big":
      return `Must be at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : ""}.`;
    case "too_small":
      return issue.inclusive === false
        ? `Must be more than ${String(issue.minimum)}.`
        : `Must be at least ${String(issue.minimum)}.`;
    case "invalid_format":
      return `Expected the ${issue.format} format.`;
    case "custom":
      return issue.message;
    default:
      return "Invalid value.";
  }
}

export function toInputIssues(issues: readonly Issue[], prefix = ""): InputIssue[] {
  const result: InputIssue[] = [];
  const pathOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(bounded)].filter(Boolean).join(".") || "(root)";
  for (const issue of issues) {
    // One issue per unknown key, so a client can see each of them.
    const paths =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => [...issue.path, key])
        : [issue.path];
    for (const path of paths) result.push({ path: pathOf(path), message: describe(issue) });
  }
  return result.slice(0, maxIssues);
}

/**
 * Parses `input`; whatever it is (null, getters that throw, proxies), the only error thrown is
 * LiveError INVALID_INPUT. `prefix` names where the input sits, e.g. "options".
 */
export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  what: string,
  prefix = "",
): z.output<S> {
  let result: ReturnType<S["safeParse"]>;
  try {
    result = schema.safeParse(input) as ReturnType<S["safeParse"]>;
  } catch {
    throw new LiveError("INVALID_INPUT", `The ${what} could not be read.`, {
      issues: [{ path: prefix || "(root)", message: "Unreadable value." }],
    });
  }
  if (result.success) return result.data as z.output<S>;
  throw new LiveError("INVALID_INPUT", `The ${what} is not valid.`, {
    issues: toInputIssues(result.error.issues, prefix),
  });
}
