// @onair/express — the onair HTTP API (sessions, live commands, audience, SSE, webhooks) as an
// Express 5 router. Public exports are listed by name.

export type { LiveRouter } from "./live-router.js";
export { createLiveRouter } from "./live-router.js";
export type { ProblemDocument } from "./problems/problem-details.js";
export type { HttpProblemCode, ProblemCode } from "./problems/problem-status.js";
export { problemTable } from "./problems/problem-status.js";
export type { RateLimit } from "./rate-limit/token-bucket.js";
export type {
  LiveRouterLimits,
  LiveRouterOptions,
  LiveRouterSettings,
  LiveRouterSse,
  RateLimitedAction,
} from "./router-options.js";
export { defaultRateLimits } from "./router-options.js";
export type { LiveStatus } from "./routes/live-status.js";
export type { Scheduler } from "./sse/scheduler.js";
