// The router's error middleware: every failure leaves as application/problem+json, localized by
// Accept-Language; server-side failures are logged with what helps (never headers, bodies or keys).
import type { Logger } from "@onair/core";
import type { ErrorRequestHandler, Request, Response } from "express";
import { type Problem, toProblem } from "./problem-details.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** The advice language a request asks for: "fr" or "en" (the default). */
export function localeOf(req: Request): "en" | "fr" {
  return req.acceptsLanguages("en", "fr") === "fr" ? "fr" : "en";
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.document.status);
  res.setHeader("Content-Type", PROBLEM_CONTENT_TYPE);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Vary", "Accept-Language");
  if (problem.retryAfterSeconds !== undefined) {
    res.setHeader("Retry-After", String(Math.max(1, Math.ceil(problem.retryAfterSeconds))));
  }
  res.end(JSON.stringify(problem.document));
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

export function createProblemResponder(options: {
  readonly logger: Logger;
  readonly typeBase: string;
}): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toProblem(error, { locale: localeOf(req), typeBase: options.typeBase });
    if (problem.shouldLog) {
      options.logger.error(
        {
          code: problem.document.code,
          status: problem.document.status,
          method: req.method,
          route: `${req.baseUrl}${typeof req.route?.path === "string" ? req.route.path : ""}`,
          error: describeError(error),
        },
        "onair request failed",
      );
    }
    if (res.headersSent) {
      // A stream already started (SSE): nothing sensible can be sent any more.
      res.destroy();
      return;
    }
    sendProblem(res, problem);
  };
}
