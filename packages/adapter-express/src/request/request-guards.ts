// The checks that run before a route's work: JSON-only bodies on state-changing routes (no simple
// cross-site form can reach them), the body size limit, and per-identity rate limits (R-SEC-2).
import { LiveError } from "@onair/core";
import type { Request, RequestHandler } from "express";
import express from "express";
import { HttpProblem } from "../problems/http-problem.js";
import type { TokenBucketLimiter } from "../rate-limit/token-bucket.js";

// POST/PUT/PATCH without a body would be a "simple" cross-site request: they must say JSON too.
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);
const jsonMediaType = /^\s*application\/json\s*(?:;|$)/i;

/** Whether the request says it carries JSON, with a body or without one. */
function declaresJson(req: Request): boolean {
  const type = req.is("application/json");
  // `req.is` only answers for requests with a body (null otherwise): read the header itself.
  if (type === null) return jsonMediaType.test(req.headers["content-type"] ?? "");
  return type === "application/json";
}

export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers["transfer-encoding"] !== undefined ||
    Number(req.headers["content-length"] ?? 0) > 0;
  if ((bodyMethods.has(req.method) || hasBody) && !declaresJson(req)) {
    throw new HttpProblem(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send a JSON body with Content-Type: application/json.",
    );
  }
  next();
};

export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    strict: true,
    inflate: false,
    type: "application/json",
  });
}

export function rateLimited(
  limiter: TokenBucketLimiter | null,
  keyOf: (req: Request) => Promise<string>,
): RequestHandler {
  if (limiter === null) return (_req, _res, next) => next();
  return async (req, _res, next) => {
    const decision = limiter.take(await keyOf(req));
    if (!decision.allowed) {
      throw new LiveError("RATE_LIMITED", "Too many requests; wait a moment before trying again.", {
        retriable: true,
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    next();
  };
}
