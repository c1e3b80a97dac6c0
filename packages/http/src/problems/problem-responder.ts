// Every failure leaves as application/problem+json, localized by Accept-Language; server-side
// failures are logged with what helps (never headers, bodies or keys).
import type { Logger } from "@onair/core";
import type { LiveHttpReply, LiveHttpRequest } from "../neutral.js";
import { localeOf } from "../request/negotiation.js";
import { type Problem, toProblem } from "./problem-details.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

export function problemHeaders(problem: Problem): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": PROBLEM_CONTENT_TYPE,
    "Cache-Control": "no-store",
    Vary: "Accept-Language",
  };
  if (problem.retryAfterSeconds !== undefined) {
    headers["Retry-After"] = String(Math.max(1, Math.ceil(problem.retryAfterSeconds)));
  }
  return headers;
}

/** What may be logged about an error: names, messages and stacks, never the objects they hang on. */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { kind: typeof error };
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message.slice(0, 500),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(cause !== undefined && depth < 2 ? { cause: describeError(cause, depth + 1) } : {}),
  };
}

export type ProblemResponder = (
  error: unknown,
  request: LiveHttpRequest,
  reply: LiveHttpReply,
  route: string | null,
) => void;

export function createProblemResponder(options: {
  readonly logger: Logger;
  readonly typeBase: string;
}): ProblemResponder {
  return (error, request, reply, route) => {
    const problem = toProblem(error, {
      locale: localeOf(request.headers["accept-language"]),
      typeBase: options.typeBase,
    });
    if (problem.shouldLog) {
      options.logger.error(
        {
          code: problem.document.code,
          status: problem.document.status,
          method: request.method,
          route: `${request.basePath}${route ?? ""}`,
          error: describeError(error),
        },
        "onair request failed",
      );
    }
    reply.send(problem.document.status, problemHeaders(problem), JSON.stringify(problem.document));
  };
}
