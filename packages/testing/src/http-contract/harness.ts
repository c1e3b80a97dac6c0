// One mounted API per case: the core service on an in-memory store and the subject's provider,
// on the host under test. Identity comes from an `x-user` header (URI-encoded), as a host
// platform's session would give it.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveService,
  type LiveServiceOptions,
  type SessionStore,
} from "@onair/core";
import type { ContractScheduler, ContractSettings, LiveHttpHost, MountedHost } from "./host.js";
import { type ContractApi, contractApi } from "./http-client.js";
import { openSse, type SseClient } from "./sse-client.js";
import type { LiveHttpSubject } from "./subject.js";

export const people = {
  moderator: "moderator@example.com",
  speaker: "speaker@example.com",
  attendee: "attendee@example.com",
  stranger: "stranger@example.com",
  admin: "admin@example.com",
} as const;

/** The header that signs a test request in as `email` (any Unicode). */
export const as = (email: string) => ({ "x-user": encodeURIComponent(email) });

export interface HarnessOptions {
  readonly serviceOptions?: LiveServiceOptions;
  /** Emails the platform lets watch; without it the audience routes are public. */
  readonly registered?: readonly string[];
  readonly settings?: Omit<ContractSettings, "clock" | "scheduler">;
  /** Wraps the service (to inject failures). */
  readonly wrapService?: (service: LiveService) => LiveService;
  /** Wraps the store the service uses (to observe writes). */
  readonly wrapStore?: (store: SessionStore) => SessionStore;
  readonly trustForwardedFor?: boolean;
}

export interface Harness {
  readonly host: MountedHost;
  /** The host's origin (the API is at `${base}/live`). */
  readonly base: string;
  /** Requests to the API (paths start with `/live`). */
  api(): ContractApi;
  sse(path: string, headers?: Readonly<Record<string, string>>): Promise<SseClient>;
  readonly service: LiveService;
  readonly store: SessionStore;
  readonly subject: LiveHttpSubject;
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
  const scheduler: ContractScheduler = {
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

/** The signed-in email of a request: the `x-user` header, URI-decoded. */
function signedIn(header: (name: string) => string | undefined): string | null {
  const value = header("x-user");
  if (value === undefined || value === "") return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export async function createHarness(
  host: LiveHttpHost,
  subject: LiveHttpSubject,
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
  const mounted = await host({
    service,
    provider: subject.provider,
    identify: (header) => {
      const email = signedIn(header);
      return email === null ? null : { email };
    },
    authorizeAdmin: (header) =>
      signedIn(header) === people.admin ? { adminId: "admin-1" } : false,
    ...(registered === undefined
      ? {}
      : { authorizeAudience: (header) => registered.has(signedIn(header) ?? "") }),
    options: { clock: subject.clock, scheduler: ticks.scheduler, ...options.settings },
    trustForwardedFor: options.trustForwardedFor ?? false,
  });

  return {
    host: mounted,
    base: mounted.base,
    api: () => contractApi(mounted.base, mounted.fetch),
    sse: (path, headers) => openSse(mounted.fetch, `${mounted.base}${path}`, headers),
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
      await mounted.close();
      await mounted.stop();
      await subject.teardown();
    },
  };
}
