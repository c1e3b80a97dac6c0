// @onair/express — the onair HTTP API (sessions, live commands, audience, SSE, webhooks) as an
// Express 5 router, on @onair/http. Public exports are listed by name.

export type {
  HttpProblemCode,
  LiveHttpLimits as LiveRouterLimits,
  LiveHttpSse as LiveRouterSse,
  LiveStatus,
  ProblemCode,
  ProblemDocument,
  RateLimit,
  RateLimitedAction,
  Scheduler,
} from "@onair/http";
export { defaultRateLimits, problemTable } from "@onair/http";
export type { LiveRouter, LiveRouterOptions, LiveRouterSettings } from "./live-router.js";
export { createLiveRouter } from "./live-router.js";
