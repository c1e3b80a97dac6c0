// Schema and channel names are the only names that reach SQL text (PostgreSQL cannot bind them as
// parameters), so they are configuration checked against a strict pattern, never request input.
import { LiveError } from "@onair/core";

const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns `name` double-quoted for SQL, after checking it is a plain lower-case identifier. */
export function quoteIdentifier(name: string, what: string): string {
  if (!identifierPattern.test(name)) {
    throw new LiveError(
      "INVALID_INPUT",
      `The ${what} must be a lower-case identifier (letters, digits, underscores, at most 63).`,
      { issues: [{ path: what, message: "not a plain lower-case identifier" }] },
    );
  }
  return `"${name}"`;
}
