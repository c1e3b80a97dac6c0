// Audience routes (R-AUD-2): the audience view, its live updates over Server-Sent Events and the
// replay redirect. Drafts are 404 (the service says so); `authorizeAudience` may restrict them.

import { LiveError } from "@onair/core";
import type { Request, Response, Router } from "express";
import { HttpProblem } from "../problems/http-problem.js";
import { sessionIdOf } from "../request/session-id.js";
import type { RouterContext } from "../router-context.js";

// A stream slot frees only when another stream of the caller (or of anyone) ends.
const streamRetryAfterSeconds = 10;

/** `Last-Event-ID` as a version number, or null when absent or not one of ours. */
export function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export function mountAudienceRoutes(router: Router, ctx: RouterContext): void {
  const { service, caller, hub, streams, settings } = ctx;

  /** Counts the stream against the caps until its response closes; refuses it beyond them. */
  const admitStream = async (req: Request, res: Response) => {
    const key = await caller.rateKey(req);
    const anonymous = (await caller.identity(req)) === null;
    const admission = streams.admit(
      key,
      anonymous ? settings.sse.maxStreamsPerAddress : settings.sse.maxStreamsPerCaller,
    );
    if (!admission.admitted && admission.reason === "caller") {
      throw new LiveError(
        "RATE_LIMITED",
        "Too many live update streams are open; close one first.",
        {
          retriable: true,
          retryAfterSeconds: streamRetryAfterSeconds,
        },
      );
    }
    if (!admission.admitted) {
      throw new HttpProblem(
        "SERVICE_UNAVAILABLE",
        "This server holds all the live update streams it can; try again in a moment.",
        { retriable: true, retryAfterSeconds: streamRetryAfterSeconds },
      );
    }
    res.once("close", admission.release);
    // The client may have left while it was being identified: its response closed already.
    if (res.destroyed || res.closed) admission.release();
  };

  router.get("/sessions/:id/audience", async (req, res) => {
    const sessionId = sessionIdOf(req);
    await caller.requireAudience(req, sessionId);
    const view = await service.audience(sessionId);
    res.setHeader("Cache-Control", "no-store");
    res.json(view);
  });

  router.get("/sessions/:id/events", ctx.whileOpen, ctx.limit("events"), async (req, res) => {
    const sessionId = sessionIdOf(req);
    await caller.requireAudience(req, sessionId);
    if (req.method === "HEAD") {
      // A HEAD has no body to stream: answer what a GET would start with, and keep nothing open.
      await service.audience(sessionId);
      res.status(200).type("text/event-stream").end();
      return;
    }
    await admitStream(req, res);
    await hub.connect({
      req,
      res,
      sessionId,
      lastEventId: parseLastEventId(req.get("last-event-id")),
      viewerKey: await caller.viewerKey(req, ctx.settings.ids.next("v")),
    });
  });

  router.get("/sessions/:id/replay", ctx.limit("replay"), async (req, res) => {
    const sessionId = sessionIdOf(req);
    await caller.requireAudience(req, sessionId);
    // R-LIFE-7: a fresh, possibly short-lived link for every viewer; never cached.
    const link = await service.replayLink(sessionId);
    res.setHeader("Cache-Control", "no-store");
    if (req.accepts(["text/html", "application/json"]) === "application/json") {
      res.json(link);
      return;
    }
    const first = link.segments[0];
    if (first === undefined)
      throw new LiveError("REPLAY_UNAVAILABLE", "The replay of this live is unavailable.");
    res.redirect(302, first.url);
  });
}
