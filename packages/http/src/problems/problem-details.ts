// Turns any error into an RFC 9457 problem document: LiveErrors and HTTP problems keep their
// code, advice and (bounded) issues; client errors Express and body-parser raise become 4xx;
// anything else becomes a generic 500 that never leaks its message.
import { type InputIssue, isLiveError, localizeAdvice } from "@onair/core";
import type { ProblemDocument } from "../contract.js";
import { HttpProblem } from "./http-problem.js";
import { genericDetail, type ProblemCode, problemTable } from "./problem-status.js";

export type { ProblemDocument };

export interface Problem {
  readonly document: ProblemDocument;
  /** Seconds, for the `Retry-After` header. */
  readonly retryAfterSeconds: number | undefined;
  /** True for server-side failures (5xx): the caller logs them, the client only sees the generic detail. */
  readonly shouldLog: boolean;
}

export interface ProblemContext {
  /** The `Accept-Language` choice ("en" or "fr") for advice. */
  readonly locale: string;
  /** Prefix of the `type` URI; the kebab-case code is appended. */
  readonly typeBase: string;
}

// body-parser raises http-errors with a `type`; these are the client's fault and safe to name.
const bodyParserCodes: Readonly<Record<string, { code: ProblemCode; detail: string }>> = {
  "entity.too.large": { code: "CONTENT_TOO_LARGE", detail: "The request body is too large." },
  "entity.parse.failed": { code: "INVALID_INPUT", detail: "The request body is not valid JSON." },
  "entity.verify.failed": { code: "INVALID_INPUT", detail: "The request body was refused." },
  "encoding.unsupported": {
    code: "UNSUPPORTED_MEDIA_TYPE",
    detail: "The request body's content encoding is not supported.",
  },
  "charset.unsupported": {
    code: "UNSUPPORTED_MEDIA_TYPE",
    detail: "The request body's charset is not supported.",
  },
  "request.aborted": { code: "INVALID_INPUT", detail: "The request was aborted." },
  "request.size.invalid": {
    code: "INVALID_INPUT",
    detail: "The request body does not match its Content-Length.",
  },
};

function bodyParserType(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  return typeof type === "string" ? type : undefined;
}

/**
 * Other client errors Express raises before a route runs: a path parameter that is not valid
 * percent-encoding (a URIError with status 400), and http-errors marked as safe to expose.
 * Errors of other libraries that merely carry a status stay internal errors.
 */
function isExpressClientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, statusCode, expose } = error as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const code = typeof status === "number" ? status : statusCode;
  if (typeof code !== "number" || code < 400 || code > 499) return false;
  return error instanceof URIError || expose === true;
}

const clientErrorDetail: Readonly<Record<"path" | "request", string>> = {
  path: "The request path is not valid percent-encoding.",
  request: "The request could not be read.",
};

// Issues name fields of untrusted input: a flood of them, or a long key, is never echoed.
const maxIssues = 10;
const maxIssueText = 100;

function bounded(text: string): string {
  return text.length > maxIssueText ? `${text.slice(0, maxIssueText - 1)}…` : text;
}

function boundIssues(issues: readonly InputIssue[] | undefined): InputIssue[] | undefined {
  return issues
    ?.slice(0, maxIssues)
    .map((issue) => ({ path: bounded(issue.path), message: bounded(issue.message) }));
}

export function problemTypeOf(code: ProblemCode, typeBase: string): string {
  return `${typeBase}${code.toLowerCase().replaceAll("_", "-")}`;
}

function build(
  code: ProblemCode,
  detail: string,
  context: ProblemContext,
  extra: Pick<ProblemDocument, "advice" | "issues" | "retriable">,
): ProblemDocument {
  const row = problemTable[code];
  const issues = boundIssues(extra.issues);
  return {
    type: problemTypeOf(code, context.typeBase),
    code,
    title: row.title,
    status: row.status,
    detail: genericDetail[code] ?? detail,
    retriable: extra.retriable,
    ...(extra.advice !== undefined && extra.advice.length > 0 ? { advice: extra.advice } : {}),
    ...(issues !== undefined && issues.length > 0 ? { issues } : {}),
  };
}

export function toProblem(error: unknown, context: ProblemContext): Problem {
  if (isLiveError(error)) {
    return {
      document: build(error.code, error.message, context, {
        retriable: error.retriable,
        advice: localizeAdvice(error.advice, context.locale),
        issues: error.issues,
      }),
      retryAfterSeconds: error.retryAfterSeconds,
      shouldLog: problemTable[error.code].status >= 500,
    };
  }
  if (error instanceof HttpProblem) {
    return {
      document: build(error.code, error.message, context, { retriable: error.retriable }),
      retryAfterSeconds: error.retryAfterSeconds,
      shouldLog: error.code === "INTERNAL_ERROR",
    };
  }
  const known = bodyParserCodes[bodyParserType(error) ?? ""];
  if (known !== undefined) {
    return {
      document: build(known.code, known.detail, context, { retriable: false }),
      retryAfterSeconds: undefined,
      shouldLog: false,
    };
  }
  if (isExpressClientError(error)) {
    const detail = error instanceof URIError ? clientErrorDetail.path : clientErrorDetail.request;
    return {
      document: build("INVALID_INPUT", detail, context, { retriable: false }),
      retryAfterSeconds: undefined,
      shouldLog: false,
    };
  }
  return {
    document: build("INTERNAL_ERROR", "", context, { retriable: false }),
    retryAfterSeconds: undefined,
    shouldLog: true,
  };
}
