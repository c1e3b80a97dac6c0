// createLiveRouter: the onair HTTP API as an Express 5 router. Glue only: it parses and
// validates requests, asks the host who is calling, delegates to the LiveService and maps
// results and errors to HTTP. Every rule lives in the core.
import type { Router } from "express";
import express from "express";
import { shuttingDownProblem } from "./problems/http-problem.js";
import { createProblemResponder } from "./problems/problem-responder.js";
import { createCaller } from "./request/caller.js";
import { createLimiters, type RouterContext } from "./router-context.js";
import { type LiveRouterOptions, resolveSettings } from "./router-options.js";
import { mountAdminRoutes } from "./routes/admin-routes.js";
import { mountAudienceRoutes } from "./routes/audience-routes.js";
import { mountLiveRoutes } from "./routes/live-routes.js";
import { mountPreflightRoute } from "./routes/preflight-route.js";
import { mountWebhookRoute } from "./routes/webhook-route.js";
import { createAudienceHub } from "./sse/audience-hub.js";
import { createStreamQuota } from "./sse/stream-quota.js";

export interface LiveRouter extends Router {
  /** SSE viewers connected through this router. */
  readonly viewerCount: number;
  /** Sessions with at least one SSE viewer (one service subscription each). */
  readonly subscribedSessions: number;
  /**
   * Ends every SSE stream and waits for webhook events still being processed. From then on, new
   * SSE streams and webhook deliveries are refused with 503 (and `Retry-After`).
   */
  close(): Promise<void>;
}

export function createLiveRouter(options: LiveRouterOptions): LiveRouter {
  const { service, provider, identify, authorizeAdmin, authorizeAudience } = options;
  if (typeof service !== "object" || service === null)
    throw new TypeError("createLiveRouter needs a service.");
  if (typeof provider?.parseWebhook !== "function")
    throw new TypeError("createLiveRouter needs a provider.");
  if (typeof identify !== "function")
    throw new TypeError("createLiveRouter needs an identify hook.");
  if (typeof authorizeAdmin !== "function")
    throw new TypeError("createLiveRouter needs an authorizeAdmin hook.");
  if (authorizeAudience !== undefined && typeof authorizeAudience !== "function") {
    throw new TypeError("authorizeAudience must be a function when given.");
  }

  const settings = resolveSettings(options.options);
  const caller = createCaller(options);
  const hub = createAudienceHub({
    service,
    clock: settings.clock,
    ids: settings.ids,
    logger: settings.logger,
    scheduler: settings.scheduler,
    heartbeatMs: settings.sse.heartbeatMs,
    stalledTimeoutMs: settings.sse.stalledTimeoutMs,
    retryMs: settings.sse.retryMs,
  });
  const tasks = new Set<Promise<void>>();
  let closed = false;
  const context: RouterContext = {
    service,
    provider,
    settings,
    caller,
    hub,
    streams: createStreamQuota(settings.sse.maxStreams),
    whileOpen(_req, _res, next) {
      if (closed) throw shuttingDownProblem();
      next();
    },
    limit: createLimiters(settings, caller),
    background(task) {
      tasks.add(task);
      void task.finally(() => tasks.delete(task));
    },
  };

  const router = express.Router();
  mountAdminRoutes(router, context);
  mountAudienceRoutes(router, context);
  mountLiveRoutes(router, context);
  mountPreflightRoute(router, context);
  mountWebhookRoute(router, context);
  router.use(
    createProblemResponder({ logger: settings.logger, typeBase: settings.problemTypeBase }),
  );

  return Object.defineProperties(router, {
    viewerCount: { get: () => hub.viewerCount },
    subscribedSessions: { get: () => hub.sessionCount },
    close: {
      value: async () => {
        closed = true;
        hub.close();
        while (tasks.size > 0) await Promise.allSettled([...tasks]);
      },
    },
  }) as LiveRouter;
}
