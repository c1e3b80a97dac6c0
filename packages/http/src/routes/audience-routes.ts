// Audience routes (R-AUD-2): the audience view, its live updates over Server-Sent Events and the
// replay redirect. Drafts are 404 (the service says so); `authorizeAudience` may restrict them.
import { LiveError, personKeyOf } from "@onair/core";
import type { LiveHttpReply } from "../neutral.js";
import { HttpProblem } from "../problems/http-problem.js";
import type { Call } from "../request/caller.js";
import { prefersJson } from "../request/negotiation.js";
import { defineRoute, type HttpContext, type LiveRoute } from "./route.js";

// A stream slot frees only when another stream of the caller (or of anyone) ends.
const streamRetryAfterSeconds = 10;

/** `Last-Event-ID` as a version number, or null when absent or not one of ours. */
export function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** Counts the stream against the caps until its answer closes; refuses it beyond them. */
async function admitStream(call: Call, reply: LiveHttpReply, ctx: HttpContext): Promise<void> {
  const { sse } = ctx.settings;
  const key = await call.rateKey();
  const anonymous = (await call.identity()) === null;
  const admission = ctx.streams.admit(
    key,
    anonymous ? sse.maxStreamsPerAddress : sse.maxStreamsPerCaller,
  );
  if (!admission.admitted && admission.reason === "caller") {
    throw new LiveError("RATE_LIMITED", "Too many live update streams are open; close one first.", {
      retriable: true,
      retryAfterSeconds: streamRetryAfterSeconds,
    });
  }
  if (!admission.admitted) {
    throw new HttpProblem(
      "SERVICE_UNAVAILABLE",
      "This server holds all the live update streams it can; try again in a moment.",
      { retriable: true, retryAfterSeconds: streamRetryAfterSeconds },
    );
  }
  reply.onClose(admission.release);
  // The client may have left while it was being identified: its answer closed already.
  if (reply.closed) admission.release();
}

/**
 * Who follows the stream, for presence counts (an opaque key, never an email): a keyed hash of
 * the email, or a key of the stream's own when anonymous. R-PERM-6: counts count people by role,
 * so the session's own moderators and speakers are never viewers (null: not counted here): a
 * control room follows the audience view too, and its person is counted by its connection.
 */
async function viewerKeyOf(
  call: Call,
  sessionId: string,
  ctx: HttpContext,
): Promise<string | null> {
  const who = await call.identity();
  if (who !== null && personKeyOf(await ctx.service.getSession(sessionId), who.email) !== null) {
    return null;
  }
  return call.viewerKey(ctx.settings.viewerKeySecret, ctx.settings.ids.next("v"));
}

export const audienceRoutes: readonly LiveRoute[] = [
  defineRoute({
    method: "GET",
    path: "/sessions/:id/audience",
    access: "audience",
    body: "none",
    noStore: true,
    async handle({ sessionId }, { service }) {
      return { status: 200, json: await service.audience(sessionId) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/sessions/:id/events",
    access: "audience",
    body: "none",
    limit: "events",
    whileOpen: true,
    async handle({ request, reply, call, sessionId }, ctx) {
      if (request.method === "HEAD") {
        // A HEAD has no body to stream: answer what a GET would start with, and keep nothing open.
        await ctx.service.audience(sessionId);
        return { status: 200, headers: { "Content-Type": "text/event-stream; charset=utf-8" } };
      }
      await admitStream(call, reply, ctx);
      await ctx.hub.connect({
        reply,
        sessionId,
        lastEventId: parseLastEventId(request.headers["last-event-id"]),
        viewerKey: await viewerKeyOf(call, sessionId, ctx),
      });
      return null;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/sessions/:id/replay",
    access: "audience",
    body: "none",
    limit: "replay",
    noStore: true,
    async handle({ request, sessionId }, { service }) {
      // R-LIFE-7: a fresh, possibly short-lived link for every viewer; never cached.
      const link = await service.replayLink(sessionId);
      if (prefersJson(request.headers.accept)) return { status: 200, json: link };
      const first = link.segments[0];
      if (first === undefined)
        throw new LiveError("REPLAY_UNAVAILABLE", "The replay of this live is unavailable.");
      return { status: 302, headers: { Location: first.url } };
    },
  }),
];
