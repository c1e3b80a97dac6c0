// What every route group shares: the service, the caller's hooks, the limits, the SSE hub and
// whether the router is closed.
import type { LiveProvider, LiveService } from "@onair/core";
import type { Request, RequestHandler } from "express";
import { createTokenBucketLimiter, type TokenBucketLimiter } from "./rate-limit/token-bucket.js";
import type { Caller } from "./request/caller.js";
import { rateLimited } from "./request/request-guards.js";
import type { RateLimitedAction, ResolvedSettings } from "./router-options.js";
import type { AudienceHub } from "./sse/audience-hub.js";
import type { StreamQuota } from "./sse/stream-quota.js";

export interface RouterContext {
  readonly service: LiveService;
  readonly provider: Pick<LiveProvider, "parseWebhook">;
  readonly settings: ResolvedSettings;
  readonly caller: Caller;
  readonly hub: AudienceHub;
  /** Open SSE streams, per caller and in all. */
  readonly streams: StreamQuota;
  /** Refuses the request (503, `Retry-After`) once `close()` was called: new streams, webhooks. */
  readonly whileOpen: RequestHandler;
  /** The rate-limit middleware of an action (a pass-through when it is turned off). */
  limit(action: RateLimitedAction): RequestHandler;
  /** Work that runs after the response (webhook processing); awaited on close. */
  background(task: Promise<void>): void;
}

export function createLimiters(settings: ResolvedSettings, caller: Caller) {
  const limiters = new Map<RateLimitedAction, RequestHandler>();
  for (const [action, limit] of Object.entries(settings.rateLimits) as [
    RateLimitedAction,
    ResolvedSettings["rateLimits"][RateLimitedAction],
  ][]) {
    const limiter: TokenBucketLimiter | null =
      limit === false
        ? null
        : createTokenBucketLimiter(limit, {
            clock: settings.clock,
            maxKeys: settings.maxRateLimitKeys,
          });
    limiters.set(
      action,
      rateLimited(limiter, (req: Request) => caller.rateKey(req)),
    );
  }
  return (action: RateLimitedAction): RequestHandler => limiters.get(action)!;
}
