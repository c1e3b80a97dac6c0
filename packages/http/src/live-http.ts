// createLiveHttp: the onair HTTP API once, on neutral requests. It checks and reads requests,
// asks the host who is calling, delegates to the LiveService and maps results and errors to
// HTTP. Every rule lives in the core; the edges (Node, fetch) only convert.
import type { AdminActor, LiveProvider, LiveService } from "@onair/core";
import { LiveError } from "@onair/core";
import type { LiveHttpReply, LiveHttpRequest } from "./neutral.js";
import { type LiveHttpOptions, type RateLimitedAction, resolveSettings } from "./options.js";
import { shuttingDownProblem } from "./problems/http-problem.js";
import { createProblemResponder } from "./problems/problem-responder.js";
import { createTokenBucketLimiter, type TokenBucketLimiter } from "./rate-limit/token-bucket.js";
import { Call, type CallerHooks, isThenable } from "./request/caller.js";
import { readJson, requireJson } from "./request/json-body.js";
import { parseBody } from "./request/parse-body.js";
import { sessionIdOf } from "./request/session-id.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { audienceRoutes } from "./routes/audience-routes.js";
import { liveRoutes } from "./routes/live-routes.js";
import { preflightRoutes } from "./routes/preflight-routes.js";
import type { HttpContext, LiveRoute, RouteAnswer } from "./routes/route.js";
import { createRouteTable } from "./routes/route-table.js";
import { webhookRoute } from "./routes/webhook-route.js";
import { createAudienceHub } from "./sse/audience-hub.js";
import { createStreamQuota } from "./sse/stream-quota.js";

/** Every route of the API, as data (method, path, access, body, limit, handler). */
export const liveRoutesTable: readonly LiveRoute[] = [
  ...liveRoutes,
  ...audienceRoutes,
  ...preflightRoutes,
  ...adminRoutes,
  webhookRoute,
];

export interface LiveHttp<Raw = unknown> {
  /**
   * Answers the request through `reply`. Resolves false, without answering, when no route has
   * this method and path (the host's own routes then get it).
   */
  handle(request: LiveHttpRequest<Raw>, reply: LiveHttpReply): Promise<boolean>;
  /** SSE viewers connected through this API. */
  readonly viewerCount: number;
  /** Sessions with at least one SSE viewer (one service subscription each). */
  readonly subscribedSessions: number;
  /**
   * Ends every SSE stream and waits for webhook events still being processed. From then on, new
   * SSE streams and webhook deliveries are refused with 503 (and `Retry-After`).
   */
  close(): Promise<void>;
}

const jsonType = "application/json; charset=utf-8";
const noStore: Readonly<Record<string, string>> = { "Cache-Control": "no-store" };

function checkOptions(options: LiveHttpOptions<never>): void {
  const { service, provider, identify, authorizeAdmin, authorizeAudience } = options;
  if (typeof service !== "object" || service === null)
    throw new LiveError("INVALID_INPUT", "createLiveHttp needs a service.");
  if (typeof provider?.parseWebhook !== "function")
    throw new LiveError("INVALID_INPUT", "createLiveHttp needs a provider.");
  if (typeof identify !== "function")
    throw new LiveError("INVALID_INPUT", "createLiveHttp needs an identify hook.");
  if (typeof authorizeAdmin !== "function")
    throw new LiveError("INVALID_INPUT", "createLiveHttp needs an authorizeAdmin hook.");
  if (authorizeAudience !== undefined && typeof authorizeAudience !== "function") {
    throw new LiveError("INVALID_INPUT", "authorizeAudience must be a function when given.");
  }
}

function rateLimited(retryAfterSeconds: number): LiveError {
  return new LiveError("RATE_LIMITED", "Too many requests; wait a moment before trying again.", {
    retriable: true,
    retryAfterSeconds,
  });
}

function sendAnswer(reply: LiveHttpReply, route: LiveRoute, answer: RouteAnswer): void {
  const headers: Record<string, string> = route.noStore ? { ...noStore } : {};
  if (answer.headers !== undefined) Object.assign(headers, answer.headers);
  if (answer.json === undefined) {
    reply.send(answer.status, headers, null);
    return;
  }
  headers["Content-Type"] = jsonType;
  reply.send(answer.status, headers, JSON.stringify(answer.json));
}

export function createLiveHttp<Raw = unknown>(options: LiveHttpOptions<Raw>): LiveHttp<Raw> {
  checkOptions(options as LiveHttpOptions<never>);
  const { service, provider } = options as unknown as {
    service: LiveService;
    provider: LiveProvider;
  };
  const hooks = options as unknown as CallerHooks;
  const settings = resolveSettings(options);
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
  const limiters = new Map<RateLimitedAction, TokenBucketLimiter>();
  for (const [action, limit] of Object.entries(settings.rateLimits)) {
    if (limit === false) continue;
    limiters.set(
      action as RateLimitedAction,
      createTokenBucketLimiter(limit, {
        clock: settings.clock,
        maxKeys: settings.maxRateLimitKeys,
      }),
    );
  }
  const tasks = new Set<Promise<void>>();
  let closed = false;
  const ctx: HttpContext = {
    service,
    provider,
    settings,
    hub,
    streams: createStreamQuota(settings.sse.maxStreams),
    background(task) {
      tasks.add(task);
      void task.finally(() => tasks.delete(task));
    },
  };
  const table = createRouteTable(liveRoutesTable);
  const respondWithProblem = createProblemResponder({
    logger: settings.logger,
    typeBase: settings.problemTypeBase,
  });

  // The order is the same for every route: whatever a request is refused for (closed, id, media
  // type, identity, declared size, body) is refused before it spends a rate-limit token.
  const run = async (
    route: LiveRoute,
    idSegment: string,
    request: LiveHttpRequest,
    reply: LiveHttpReply,
  ) => {
    if (route.whileOpen && closed) throw shuttingDownProblem();
    const sessionId = idSegment === "" ? "" : sessionIdOf(idSegment);
    if (route.body === "json") requireJson(request);
    const call = new Call(request, hooks);
    // Synchronous hooks answer without a promise: the request waits only for asynchronous ones.
    let actor: AdminActor | undefined;
    switch (route.access) {
      case "admin":
        actor = await call.requireAdmin();
        break;
      case "signed-in": {
        const found = call.requireIdentity();
        if (isThenable(found)) await found;
        break;
      }
      case "audience": {
        const checked = call.requireAudience(sessionId);
        if (isThenable(checked)) await checked;
        break;
      }
      case "join": {
        let found = call.identity();
        if (isThenable(found)) found = await found;
        if (found === null) {
          const checked = call.requireAudience(sessionId);
          if (isThenable(checked)) await checked;
        }
        break;
      }
      default:
        break;
    }
    route.precheck?.(request, ctx);
    let body = route.body === "json" ? readJson(request, settings.limits.jsonBodyBytes) : undefined;
    if (isThenable(body)) body = await body;
    if (route.limit !== undefined) {
      const limiter = limiters.get(route.limit);
      if (limiter !== undefined) {
        const key = call.rateKey();
        const decision = limiter.take(isThenable(key) ? await key : key);
        if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
      }
    }
    const input = route.input === undefined ? body : parseBody(route.input, body);
    const answer = await route.handle({ request, reply, call, sessionId, input, actor }, ctx);
    if (answer !== null) sendAnswer(reply, route, answer);
  };

  return {
    async handle(request, reply) {
      const found = table.match(request.method, request.path);
      if (found === null) return false;
      try {
        await run(found.route, found.idSegment, request, reply);
      } catch (error) {
        respondWithProblem(error, request, reply, found.route.path);
      }
      return true;
    },
    get viewerCount() {
      return hub.viewerCount;
    },
    get subscribedSessions() {
      return hub.sessionCount;
    },
    async close() {
      closed = true;
      hub.close();
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
}
