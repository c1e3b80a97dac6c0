// The real HTTP API in-process: the Express router over the core service and the mock provider
// with a test clock. The platform's login is an `x-user` header; `clientFor(email)` is a
// LiveClient signed in as that person.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type JoinGrant,
} from "@onair/core";
import { createLiveRouter } from "@onair/express";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import express, { type Request } from "express";
import { connectionOf, createLiveClient } from "../src/index.js";
import type { LiveClient, LiveClientOptions } from "../src/types.js";

export const people = {
  moderator: "moderator@example.com",
  speaker: "speaker@example.com",
  stranger: "stranger@example.com",
} as const;

export type RouterFixture = Awaited<ReturnType<typeof startRouter>>;

export async function startRouter() {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const detach = provider.onEvent((event) => service.handleProviderEvent(event));
  const router = createLiveRouter({
    service,
    provider,
    identify: (req: Request) => {
      const email = req.get("x-user");
      return email === undefined || email === "" ? null : { email };
    },
    authorizeAdmin: () => false,
    options: { clock, sse: { retryMs: 50 } },
  });
  const app = express();
  app.use("/api/live", router);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;

  return {
    clock,
    provider,
    service,
    server,
    base,
    /** A published session with a moderator and a speaker. */
    async session(): Promise<string> {
      const created = await service.createSession({
        title: "Opening keynote",
        startsAt: "2026-01-01T10:00:00Z",
        endsAt: "2026-01-01T11:00:00Z",
        timeZone: "Europe/Paris",
        participants: [
          { email: people.moderator, role: "moderator" },
          { email: people.speaker, role: "speaker" },
        ],
      });
      await service.publishSession(created.id);
      return created.id;
    },
    clientFor(email: string | null, options: Partial<LiveClientOptions> = {}): LiveClient {
      return createLiveClient({
        baseUrl: base,
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          if (email !== null) headers.set("x-user", email);
          return fetch(input, { ...init, headers });
        },
        ...options,
      });
    },
    /** A participant's client in the room with a camera stream, as the video SDK would connect. */
    async connect(grant: JoinGrant) {
      const { roomId, token } = connectionOf(grant);
      const connectionId = provider.connect(roomId, { token });
      const streamId = provider.publish(roomId, connectionId, "camera");
      await provider.settle();
      return { connectionId, streamId };
    },
    /** Lets the mock's recordings finish, so the replay becomes ready. */
    async finishRecordings() {
      clock.advance(60_000);
      await provider.settle();
    },
    async close() {
      detach();
      await router.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
