// Back-office routes: only for requests the platform's `authorizeAdmin` accepts. Writes are
// rate-limited per identity; no answer is ever cached.
import {
  type AdminActor,
  createSessionInputSchema,
  participantInputSchema,
  updateSessionInputSchema,
} from "@onair/core";
import type { RequestHandler, Response, Router } from "express";
import * as z from "zod/mini";
import { parseBody } from "../request/parse-body.js";
import { jsonBody, requireJson } from "../request/request-guards.js";
import { sessionIdOf } from "../request/session-id.js";
import type { RouterContext } from "../router-context.js";

const emptyBody = z.strictObject({});
const actorKey = "onairAdminActor";

function actorOf(res: Response): AdminActor | undefined {
  return res.locals[actorKey] as AdminActor | undefined;
}

export function mountAdminRoutes(router: Router, ctx: RouterContext): void {
  const { service, caller } = ctx;
  const body = jsonBody(ctx.settings.limits.jsonBodyBytes);
  const admin: RequestHandler = async (req, res, next) => {
    res.locals[actorKey] = await caller.requireAdmin(req);
    next();
  };
  // Every answer here carries a session with participants' emails, or its history: never cached.
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  };
  // Writes: JSON only, limited per identity (R-SEC-2), admins only.
  const write = [noStore, ctx.limit("admin"), requireJson, admin, body];

  router.post("/sessions", ...write, async (req, res) => {
    const input = parseBody(createSessionInputSchema, req.body);
    const session = await service.createSession(input, actorOf(res));
    res
      .status(201)
      .location(`${req.baseUrl}/sessions/${encodeURIComponent(session.id)}`)
      .json(session);
  });

  router.get("/sessions/:id", noStore, admin, async (req, res) => {
    res.json(await service.getSession(sessionIdOf(req)));
  });

  router.patch("/sessions/:id", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    const input = parseBody(updateSessionInputSchema, req.body);
    res.json(await service.updateSession(sessionId, input, actorOf(res)));
  });

  router.post("/sessions/:id/publish", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    parseBody(emptyBody, req.body);
    res.json(await service.publishSession(sessionId, actorOf(res)));
  });

  router.post("/sessions/:id/unpublish", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    parseBody(emptyBody, req.body);
    res.json(await service.unpublishSession(sessionId, actorOf(res)));
  });

  router.post("/sessions/:id/participants", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    const participant = parseBody(participantInputSchema, req.body);
    res.json(await service.addParticipant(sessionId, participant, actorOf(res)));
  });

  router.delete("/sessions/:id/participants", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    const participant = parseBody(participantInputSchema, req.body);
    res.json(await service.removeParticipant(sessionId, participant, actorOf(res)));
  });

  router.delete("/sessions/:id", ...write, async (req, res) => {
    const sessionId = sessionIdOf(req);
    parseBody(emptyBody, req.body);
    await service.deleteSession(sessionId, actorOf(res));
    res.status(204).end();
  });

  router.get("/sessions/:id/history", noStore, admin, async (req, res) => {
    res.json(await service.history(sessionIdOf(req)));
  });
}
