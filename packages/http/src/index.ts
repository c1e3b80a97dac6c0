// @onair/http — the onair HTTP API (sessions, live commands, audience, SSE, webhooks) once, on a
// neutral request and reply, with a Node edge and a fetch edge. Public exports are listed by name.

export type { FetchHandlerOptions } from "./edges/fetch-edge.js";
export { toFetchHandler } from "./edges/fetch-edge.js";
export type { NodeEdgeOptions, NodeExchange } from "./edges/node-edge.js";
export { handleNodeRequest, toNodeHandler } from "./edges/node-edge.js";
export type { LiveHttp } from "./live-http.js";
export { createLiveHttp, liveRoutesTable } from "./live-http.js";
export type {
  DistinctHeaders,
  LiveHttpBody,
  LiveHttpHeaders,
  LiveHttpReply,
  LiveHttpRequest,
  SseSink,
} from "./neutral.js";
export type {
  LiveHttpLimits,
  LiveHttpOptions,
  LiveHttpSettings,
  LiveHttpSse,
  MaybePromise,
  RateLimitedAction,
} from "./options.js";
export { defaultRateLimits } from "./options.js";
export type { ProblemDocument } from "./problems/problem-details.js";
export type { HttpProblemCode, ProblemCode } from "./problems/problem-status.js";
export { problemTable } from "./problems/problem-status.js";
export type { RateLimit } from "./rate-limit/token-bucket.js";
export type { LiveStatus } from "./routes/live-status.js";
export type {
  LiveRoute,
  RouteAccess,
  RouteAnswer,
  RouteBody,
  RouteMethod,
} from "./routes/route.js";
export type { Scheduler } from "./sse/scheduler.js";
