// Back-office routes: only for requests the platform's `authorizeAdmin` accepts. Writes are JSON
// only and rate-limited per identity; no answer is ever cached (sessions carry emails).
import {
  createSessionInputSchema,
  participantInputSchema,
  updateSessionInputSchema,
} from "@onair/core";
import * as z from "zod/mini";
import { defineRoute, type LiveRoute } from "./route.js";

const emptyBody = z.strictObject({});
const read = { access: "admin", body: "none", noStore: true } as const;
const write = { access: "admin", body: "json", noStore: true, limit: "admin" } as const;

export const adminRoutes: readonly LiveRoute[] = [
  defineRoute({
    ...write,
    method: "POST",
    path: "/sessions",
    input: createSessionInputSchema,
    async handle({ input, actor, request }, { service }) {
      const session = await service.createSession(input, actor);
      return {
        status: 201,
        json: session,
        headers: { Location: `${request.basePath}/sessions/${encodeURIComponent(session.id)}` },
      };
    },
  }),
  defineRoute({
    ...read,
    method: "GET",
    path: "/sessions/:id",
    async handle({ sessionId }, { service }) {
      return { status: 200, json: await service.getSession(sessionId) };
    },
  }),
  defineRoute({
    ...write,
    method: "PATCH",
    path: "/sessions/:id",
    input: updateSessionInputSchema,
    async handle({ sessionId, input, actor }, { service }) {
      return { status: 200, json: await service.updateSession(sessionId, input, actor) };
    },
  }),
  defineRoute({
    ...write,
    method: "POST",
    path: "/sessions/:id/publish",
    input: emptyBody,
    async handle({ sessionId, actor }, { service }) {
      return { status: 200, json: await service.publishSession(sessionId, actor) };
    },
  }),
  defineRoute({
    ...write,
    method: "POST",
    path: "/sessions/:id/unpublish",
    input: emptyBody,
    async handle({ sessionId, actor }, { service }) {
      return { status: 200, json: await service.unpublishSession(sessionId, actor) };
    },
  }),
  defineRoute({
    ...write,
    method: "POST",
    path: "/sessions/:id/participants",
    input: participantInputSchema,
    async handle({ sessionId, input, actor }, { service }) {
      return { status: 200, json: await service.addParticipant(sessionId, input, actor) };
    },
  }),
  defineRoute({
    ...write,
    method: "DELETE",
    path: "/sessions/:id/participants",
    input: participantInputSchema,
    async handle({ sessionId, input, actor }, { service }) {
      return { status: 200, json: await service.removeParticipant(sessionId, input, actor) };
    },
  }),
  defineRoute({
    ...write,
    method: "DELETE",
    path: "/sessions/:id",
    input: emptyBody,
    async handle({ sessionId, actor }, { service }) {
      await service.deleteSession(sessionId, actor);
      return { status: 204 };
    },
  }),
  defineRoute({
    ...read,
    method: "GET",
    path: "/sessions/:id/history",
    async handle({ sessionId }, { service }) {
      return { status: 200, json: await service.history(sessionId) };
    },
  }),
];
