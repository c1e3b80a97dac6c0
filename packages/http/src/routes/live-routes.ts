// Control-room routes: join, start, stop, stage, presence and content checks. The pipeline passes
// the caller's identity; the service decides what their roles allow (R-PERM-1).
import { CONTENT_HEAD_BYTES, LiveError, stageInputSchema } from "@onair/core";
import * as z from "zod/mini";
import type { LiveHttpRequest } from "../neutral.js";
import { HttpProblem } from "../problems/http-problem.js";
import { isThenable } from "../request/caller.js";
import { liveStatusOf } from "./live-status.js";
import { defineRoute, type HttpContext, type LiveRoute } from "./route.js";

const emptyBody = z.strictObject({});

function declaredSize(request: LiveHttpRequest): number {
  const header = request.headers["content-length"];
  if (header === undefined || request.headers["transfer-encoding"] !== undefined) {
    throw new HttpProblem("LENGTH_REQUIRED", "Send the file with a Content-Length header.");
  }
  if (!/^\d{1,16}$/.test(header)) {
    throw new LiveError("INVALID_INPUT", "The Content-Length header is not valid.");
  }
  return Number(header);
}

function checkContentSize(request: LiveHttpRequest, { settings }: HttpContext): void {
  if (declaredSize(request) > settings.limits.contentBytes) {
    throw new LiveError(
      "CONTENT_TOO_LARGE",
      `Files up to ${settings.limits.contentBytes} bytes can be shared.`,
    );
  }
}

const command = { access: "signed-in", body: "json", limit: "commands" } as const;

export const liveRoutes: readonly LiveRoute[] = [
  defineRoute({
    method: "POST",
    path: "/sessions/:id/join",
    access: "join",
    body: "json",
    input: emptyBody,
    limit: "join",
    noStore: true,
    async handle({ call, sessionId }, { service }) {
      // The pipeline already asked who is calling: the answer is kept, without a promise when
      // the host's hook is synchronous.
      let identity = call.identity();
      if (isThenable(identity)) identity = await identity;
      // Someone the platform keeps out of the audience gets no attendee grant: the service then
      // creates and signs nothing for them (R-AUD-2). The grant goes out as the core made it.
      let audience = identity === null || call.audienceAllowed(sessionId);
      if (isThenable(audience)) audience = await audience;
      return { status: 200, json: await service.join(sessionId, identity, { audience }) };
    },
  }),
  // Start and stop take an empty JSON body; the service decides whether this person may.
  defineRoute({
    ...command,
    method: "POST",
    path: "/sessions/:id/live/start",
    input: emptyBody,
    async handle({ call, sessionId }, { service }) {
      const identity = await call.requireIdentity();
      return { status: 200, json: liveStatusOf(await service.startLive(sessionId, identity)) };
    },
  }),
  defineRoute({
    ...command,
    method: "POST",
    path: "/sessions/:id/live/stop",
    input: emptyBody,
    async handle({ call, sessionId }, { service }) {
      const identity = await call.requireIdentity();
      return { status: 200, json: liveStatusOf(await service.stopLive(sessionId, identity)) };
    },
  }),
  defineRoute({
    ...command,
    method: "PUT",
    path: "/sessions/:id/stage",
    input: stageInputSchema,
    async handle({ call, sessionId, input }, { service }) {
      const identity = await call.requireIdentity();
      return {
        status: 200,
        json: liveStatusOf(await service.setStage(sessionId, identity, input)),
      };
    },
  }),
  // Its own bucket: a GET can be sent cross-site (an <img>), and must never use up start and stop's.
  defineRoute({
    method: "GET",
    path: "/sessions/:id/presence",
    access: "signed-in",
    body: "none",
    limit: "presence",
    noStore: true,
    async handle({ call, sessionId }, { service }) {
      return {
        status: 200,
        json: await service.presence(sessionId, await call.requireIdentity()),
      };
    },
  }),
  // R-PERM-6: the control-room client's presence ping, in the same bucket as the counts.
  defineRoute({
    method: "POST",
    path: "/sessions/:id/presence",
    access: "signed-in",
    body: "json",
    limit: "presence",
    input: emptyBody,
    async handle({ call, sessionId }, { service }) {
      await service.renewPresence(sessionId, await call.requireIdentity());
      return { status: 204 };
    },
  }),
  // R-PERM-4: the one state-neutral route with a non-JSON body. The declared size is checked
  // before reading, and only the first bytes are read and handed to the core.
  defineRoute({
    method: "POST",
    path: "/sessions/:id/content",
    access: "signed-in",
    body: "raw",
    limit: "content",
    precheck: checkContentSize,
    async handle({ request, call, sessionId }, { service }) {
      const identity = await call.requireIdentity();
      const size = declaredSize(request);
      const headBytes = await request.body.head(CONTENT_HEAD_BYTES);
      return {
        status: 200,
        json: await service.validateContent(sessionId, identity, { headBytes, size }),
      };
    },
  }),
];
