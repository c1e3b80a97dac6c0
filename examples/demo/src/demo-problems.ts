// Errors of the demo's own routes, answered like the live router answers its own: an RFC 9457
// problem document with the LiveError's code, the router's status table and localized advice.
import { isLiveError, type LiveError, type Logger, localizeAdvice } from "@onair/core";
import { type ProblemCode, type ProblemDocument, problemTable } from "@onair/express";
import type { ErrorRequestHandler, Request, Response } from "express";

function localeOf(req: Request): "en" | "fr" {
  return req.acceptsLanguages("en", "fr") === "fr" ? "fr" : "en";
}

function documentOf(
  code: ProblemCode,
  message: string,
  error: LiveError | undefined,
  locale: string,
): ProblemDocument {
  const row = problemTable[code];
  const advice = error === undefined ? [] : localizeAdvice(error.advice, locale);
  const issues = error?.issues ?? [];
  return {
    type: `urn:onair:problem:${code.toLowerCase().replaceAll("_", "-")}`,
    code,
    title: row.title,
    status: row.status,
    // Server-side failures never tell the client what went wrong inside.
    detail: row.status >= 500 ? "The demo could not do this; try again." : message,
    retriable: error?.retriable ?? false,
    ...(advice.length > 0 ? { advice } : {}),
    ...(issues.length > 0 ? { issues } : {}),
  };
}

/** A problem the demo's routes raise themselves (not a LiveError: transport, not product rules). */
export function problem(code: ProblemCode, detail: string): ProblemDocument {
  return documentOf(code, detail, undefined, "en");
}

export function problemOf(error: unknown, locale: string): ProblemDocument {
  if (isLiveError(error)) return documentOf(error.code, error.message, error, locale);
  const bodyError = (error as { type?: unknown } | null)?.type;
  if (bodyError === "entity.parse.failed" || bodyError === "entity.too.large") {
    return documentOf("INVALID_INPUT", "The request body is not valid JSON.", undefined, locale);
  }
  return documentOf("INTERNAL_ERROR", "", undefined, locale);
}

export function sendProblem(res: Response, document: ProblemDocument): void {
  res.status(document.status);
  res.setHeader("Content-Type", "application/problem+json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(document));
}

/** The error middleware of the demo's routes. */
export function demoProblems(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const document = problemOf(error, localeOf(req));
    if (document.status >= 500) {
      logger.error(
        { code: document.code, error: error instanceof Error ? error.name : typeof error },
        "demo request failed",
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, document);
  };
}
