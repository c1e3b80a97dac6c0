// An error the HTTP layer raises for transport problems that are not product rules
// (wrong media type, missing length, no capacity left). Product problems stay `LiveError`s.
import type { HttpProblemCode } from "./problem-status.js";

export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  readonly code: HttpProblemCode;
  readonly retriable: boolean;
  /** Seconds, for the `Retry-After` header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: HttpProblemCode,
    detail: string,
    options: { readonly retriable?: boolean; readonly retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** What a client is told once the router is closed: another instance (or a retry) will serve it. */
export function shuttingDownProblem(): HttpProblem {
  return new HttpProblem(
    "SERVICE_UNAVAILABLE",
    "This server is shutting down; try again in a moment.",
    { retriable: true, retryAfterSeconds: 5 },
  );
}
