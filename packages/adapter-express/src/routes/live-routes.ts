// Control-room routes: join, start, stop, stage, presence and content checks. The router passes
// the caller's identity; the service decides what their roles allow (R-PERM-1).
import { CONTENT_HEAD_BYTES, LiveError, stageInputSchema } from "@onair/core";
import type { Request, RequestHandler, Response, Router } from "express";
import * as z from "zod/mini";
import { HttpProblem } from "../problems/http-problem.js";
import { readHead } from "../request/content-head.js";
import { parseBody } from "../request/parse-body.js";
import { jsonBody, requireJson } from "../request/request-guards.js";
import { sessionIdOf } from "../request/session-id.js";
import type { RouterContext } from "../router-context.js";
import { liveStatusOf } from "./live-status.js";

const emptyBody = z.strictObject({});

// A refused or checked upload is not read to its end: the connection closes instead, after a
// short grace period that lets the client read the answer.
const lingerMs = 1_000;

function closeUnreadUpload(req: Request, res: Response, next: () => void) {
  const declared = Number(req.headers["content-length"]);
  if (req.headers["transfer-encoding"] !== undefined || !(declared <= CONTENT_HEAD_BYTES)) {
    res.setHeader("Connection", "close");
    res.once("finish", () => {
      if (req.complete) return;
      const timer = setTimeout(() => req.socket.destroy(), lingerMs);
      timer.unref();
      req.socket.once("close", () => clearTimeout(timer));
    });
  }
  next();
}

function declaredSize(req: Request): number {
  const header = req.headers["content-length"];
  if (header === undefined || req.headers["transfer-encoding"] !== undefined) {
    throw new HttpProblem("LENGTH_REQUIRED", "Send the file with a Content-Length header.");
  }
  if (!/^\d{1,16}$/.test(header)) {
    throw new LiveError("INVALID_INPUT", "The Content-Length header is not valid.");
  }
  return Number(header);
}

export function mountLiveRoutes(router: Router, ctx: RouterContext): void {
  const { service, caller, settings } = ctx;
  const body = jsonBody(settings.limits.jsonBodyBytes);
  const signedIn: RequestHandler = async (req, _res, next) => {
    await caller.requireIdentity(req);
    next();
  };
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  };

  router.post(
    "/sessions/:id/join",
    ctx.limit("join"),
    requireJson,
    body,
    noStore,
    async (req, res) => {
      const sessionId = sessionIdOf(req);
      parseBody(emptyBody, req.body);
      const identity = await caller.identity(req);
      if (identity === null) await caller.requireAudience(req, sessionId);
      // Someone the platform keeps out of the audience gets no attendee grant: the service then
      // creates and signs nothing for them (R-AUD-2).
      const audience = identity === null || (await caller.audienceAllowed(req, sessionId));
      res.json(await service.join(sessionId, identity, { audience }));
    },
  );

  // Start and stop take an empty JSON body; the service decides whether this person may.
  for (const [action, command] of [
    ["start", service.startLive],
    ["stop", service.stopLive],
  ] as const) {
    router.post(
      `/sessions/:id/live/${action}`,
      ctx.limit("commands"),
      requireJson,
      signedIn,
      body,
      async (req, res) => {
        const sessionId = sessionIdOf(req);
        parseBody(emptyBody, req.body);
        const identity = await caller.requireIdentity(req);
        res.json(liveStatusOf(await command.call(service, sessionId, identity)));
      },
    );
  }

  router.put(
    "/sessions/:id/stage",
    ctx.limit("commands"),
    requireJson,
    signedIn,
    body,
    async (req, res) => {
      const sessionId = sessionIdOf(req);
      const stage = parseBody(stageInputSchema, req.body);
      res.json(
        liveStatusOf(await service.setStage(sessionId, await caller.requireIdentity(req), stage)),
      );
    },
  );

  // Its own bucket: a GET can be sent cross-site (an <img>), and must never use up start and stop's.
  router.get(
    "/sessions/:id/presence",
    ctx.limit("presence"),
    signedIn,
    noStore,
    async (req, res) => {
      const sessionId = sessionIdOf(req);
      res.json(await service.presence(sessionId, await caller.requireIdentity(req)));
    },
  );

  // R-PERM-4: the one state-neutral route with a non-JSON body. The declared size is checked
  // before reading, and only the first bytes are read and handed to the core.
  router.post(
    "/sessions/:id/content",
    closeUnreadUpload,
    ctx.limit("content"),
    signedIn,
    async (req, res) => {
      const sessionId = sessionIdOf(req);
      const identity = await caller.requireIdentity(req);
      const size = declaredSize(req);
      if (size > settings.limits.contentBytes) {
        throw new LiveError(
          "CONTENT_TOO_LARGE",
          `Files up to ${settings.limits.contentBytes} bytes can be shared.`,
        );
      }
      const headBytes = await readHead(req, CONTENT_HEAD_BYTES);
      res.json(await service.validateContent(sessionId, identity, { headBytes, size }));
    },
  );
}
