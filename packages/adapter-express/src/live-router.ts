// createLiveRouter: the onair HTTP API of @onair/http as an Express 5 router. Glue only: Express
// requests go through the Node edge, and the host hooks receive Express's own `req`.

import { type AdminActor, type Identity, LiveError } from "@onair/core";
import type { LiveHttp, LiveHttpOptions, LiveHttpSettings } from "@onair/http";
import { createLiveHttp, handleNodeRequest } from "@onair/http";
import type { Request, Router } from "express";
import createRouter from "router";

type MaybePromise<T> = T | Promise<T>;

/**
 * Everything `createLiveRouter` takes, flat: the service and provider, the host's hooks (given
 * Express's `req`), and the settings of `LiveRouterSettings` (all optional, with defaults).
 */
export interface LiveRouterOptions extends LiveRouterSettings {
  readonly service: LiveHttpOptions["service"];
  /** Verifies provider webhooks (`parseWebhook`). */
  readonly provider: LiveHttpOptions["provider"];
  /** The host platform's signed-in user, with a verified email, or null. */
  readonly identify: (req: Request) => MaybePromise<Identity | null>;
  /**
   * Whether this request may use the back-office routes. Return an `AdminActor` to record who
   * acted in the history (otherwise it is recorded as the system).
   */
  readonly authorizeAdmin: (req: Request) => MaybePromise<boolean | AdminActor>;
  /** Restricts the audience routes (e.g. to registered attendees); without it they are public. */
  readonly authorizeAudience?: (req: Request, sessionId: string) => MaybePromise<boolean>;
}

export type LiveRouterSettings = LiveHttpSettings;

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

function checkHooks(options: LiveRouterOptions): void {
  if (typeof options.identify !== "function")
    throw new LiveError("INVALID_INPUT", "createLiveRouter needs an identify hook.");
  if (typeof options.authorizeAdmin !== "function")
    throw new LiveError("INVALID_INPUT", "createLiveRouter needs an authorizeAdmin hook.");
}

/**
 * What Express and its router hang on a request and response for routing and views: an event
 * stream never uses them again, and would keep them alive (per viewer) for its whole life.
 */
function dropExpressLeftovers(req: object, res: object): void {
  const request = req as Record<string, unknown>;
  for (const field of ["params", "_parsedUrl", "_parsedOriginalUrl", "route", "next"]) {
    if (request[field] !== undefined) request[field] = undefined;
  }
  const response = res as Record<string, unknown>;
  if (response.locals !== undefined) response.locals = undefined;
}

export function createLiveRouter(options: LiveRouterOptions): LiveRouter {
  checkHooks(options);
  const { identify, authorizeAdmin, authorizeAudience, ...settings } = options;
  const http: LiveHttp<Request> = createLiveHttp<Request>({
    ...settings,
    identify: (_request, req) => identify(req),
    authorizeAdmin: (_request, req) => authorizeAdmin(req),
    ...(authorizeAudience === undefined
      ? {}
      : {
          authorizeAudience: (_request, sessionId, req) => authorizeAudience(req, sessionId),
        }),
  });

  const router = createRouter();
  router.use((req, res, next) => {
    handleNodeRequest(http, {
      req,
      res,
      url: req.url,
      basePath: req.baseUrl,
      // Express's `req.ip` follows the app's `trust proxy` setting; read only when needed.
      remoteAddress: () => req.ip ?? req.socket.remoteAddress ?? "unknown",
      raw: req,
      onStream: () => dropExpressLeftovers(req, res),
    }).then((matched) => {
      if (!matched) next();
    }, next);
  });

  return Object.defineProperties(router, {
    viewerCount: { get: () => http.viewerCount },
    subscribedSessions: { get: () => http.subscribedSessions },
    close: { value: () => http.close() },
  }) as LiveRouter;
}
