// Session ids are checked (length, charset) before they reach the service or the store.
import { LiveError } from "@onair/core";

const sessionIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** The session id of a path segment (still percent-encoded), or a 400. */
export function sessionIdOf(segment: string): string {
  let decoded: string;
  try {
    decoded = segment.includes("%") ? decodeURIComponent(segment) : segment;
  } catch {
    throw new LiveError("INVALID_INPUT", "The request path is not valid percent-encoding.");
  }
  if (!sessionIdPattern.test(decoded)) {
    throw new LiveError("INVALID_INPUT", "The session id is not valid.", {
      issues: [{ path: "id", message: "Expected 1 to 100 letters, digits, '-' or '_'." }],
    });
  }
  return decoded;
}
