// A real Express app with the live router mounted under /live, wired to the core service, an
// in-memory store and the provider of a subject. Identity comes from an `x-user` header, as a
// host platform's session would give it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveService,
  type LiveServiceOptions,
  type SessionStore,
} from "@onair/core";
import type { Scheduler } from "@onair/http";
import express, { type Request } from "express";
import { createLiveRouter, type LiveRouter, type LiveRouterSettings } from "../src/index.js";
import type { RouterSubject } from "./router-subject.js";

export const people = {
  moderator: "moderator@example.com",
  speaker: "speaker@example.com",
  attendee: "attendee@example.com",
  stranger: "stranger@example.com",
  admin: "admin@example.com",
} as const;

export interface HarnessOptions {
  readonly serviceOptions?: LiveServiceOptions;
  /** Emails the platform lets watch; without it the audience routes are public. */
  readonly registered?: readonly string[];
  readonly settings?: LiveRouterSettings;
  /** Wraps the service (to inject failures). */
  readonly wrapService?: (service: LiveService) => LiveService;
  /** Wraps the store the service uses (to observe writes). */
  readonly wrapStore?: (store: SessionStore) => SessionStore;
}

export interface Harness {
  readonly app: express.Express;
  readonly server: Server;
  readonly base: string;
  readonly router: LiveRouter;
  readonly service: LiveService;
  readonly store: SessionStore;
  readonly subject: RouterSubject;
  readonly ticks: { tick(): void; readonly active: number };
  /** Creates a live session with a moderator and a speaker; published unless `draft`. */
  session(options?: {
    draft?: boolean;
    title?: string;
    participants?: readonly { email: string; role: "moderator" | "speaker" }[];
  }): Promise<string>;
  /** The session's version and history length: what a refused request must leave unchanged. */
  state(sessionId: string): Promise<{ version: number | null; history: number }>;
  close(): Promise<void>;
}

function manualScheduler() {
  const tasks = new Set<() => void>();
  const scheduler: Scheduler = {
    every(_ms, task) {
      tasks.add(task);
      return () => tasks.delete(task);
    },
  };
  return {
    scheduler,
    tick() {
      for (const task of [...tasks]) task();
    },
    get active() {
      return tasks.size;
    },
  };
}

export async function createHarness(
  subject: RouterSubject,
  options: HarnessOptions = {},
): Promise<Harness> {
  const memory = createInMemoryStore();
  const store = options.wrapStore?.(memory) ?? memory;
  const core = createLiveService({
    store,
    provider: subject.provider,
    changes: createInMemoryChangeFeed(),
    clock: subject.clock,
    ...(options.serviceOptions === undefined ? {} : { options: options.serviceOptions }),
  });
  const service = options.wrapService?.(core) ?? core;
  subject.attach(core);
  const ticks = manualScheduler();
  const registered = options.registered === undefined ? undefined : new Set(options.registered);
  // A stand-in for the platform's session: the signed-in email, URI-encoded in a header.
  const signedIn = (req: Request) => {
    const header = req.get("x-user");
    if (header === undefined || header === "") return null;
    try {
      return decodeURIComponent(header);
    } catch {
      return null;
    }
  };
  const identify = (req: Request) => {
    const email = signedIn(req);
    return email === null ? null : { email };
  };
  const router = createLiveRouter({
    service,
    provider: subject.provider,
    identify,
    authorizeAdmin: (req) => (signedIn(req) === people.admin ? { adminId: "admin-1" } : false),
    ...(registered === undefined
      ? {}
      : { authorizeAudience: (req: Request) => registered.has(signedIn(req) ?? "") }),
    options: {
      clock: subject.clock,
      scheduler: ticks.scheduler,
      ...options.settings,
    },
  });
  const app = express();
  app.use("/live", router);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    app,
    server,
    base,
    router,
    service,
    store,
    subject,
    ticks,
    async session({
      draft = false,
      title = "Opening keynote",
      participants = [
        { email: people.moderator, role: "moderator" as const },
        { email: people.speaker, role: "speaker" as const },
      ],
    } = {}) {
      const created = await core.createSession({
        title,
        startsAt: "2026-01-01T10:00:00Z",
        endsAt: "2026-01-01T11:00:00Z",
        timeZone: "Europe/Paris",
        participants: participants.map((participant) => ({ ...participant })),
      });
      if (!draft) await core.publishSession(created.id);
      return created.id;
    },
    async state(sessionId) {
      const session = await store.get(sessionId);
      return {
        version: session?.version ?? null,
        history: (await store.history(sessionId)).length,
      };
    },
    async close() {
      await router.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await subject.teardown();
    },
  };
}
