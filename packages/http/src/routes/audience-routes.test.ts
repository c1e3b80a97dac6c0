// Who an audience stream counts as in the presence counts (R-PERM-6: people, not connections).
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveService,
} from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import { afterEach, describe, expect, it } from "vitest";
import { toFetchHandler } from "../edges/fetch-edge.js";
import { createLiveHttp, type LiveHttp } from "../live-http.js";

const moderator = "moderator@example.com";
const speaker = "speaker@example.com";
const attendee = "attendee@example.com";

interface Setup {
  readonly service: LiveService;
  readonly sessionId: string;
  /** Opens the session's audience stream as `email` (anonymous with null), once its first view arrived. */
  follow(email: string | null): Promise<void>;
  /** Joins the control room as `email` and connects its client at the provider. */
  enterControlRoom(email: string): Promise<void>;
}

const open: { http: LiveHttp<Request>; streams: ReadableStream<Uint8Array>[] }[] = [];

afterEach(async () => {
  for (const { http, streams } of open.splice(0)) {
    for (const stream of streams) await stream.cancel().catch(() => undefined);
    await http.close();
  }
});

async function setup(): Promise<Setup> {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  provider.onEvent((event) => service.handleProviderEvent(event));
  const http = createLiveHttp<Request>({
    service,
    provider,
    clock,
    identify: (request) => {
      const email = request.headers["x-user"];
      return typeof email === "string" && email !== "" ? { email } : null;
    },
    authorizeAdmin: () => false,
  });
  const streams: ReadableStream<Uint8Array>[] = [];
  open.push({ http, streams });
  const handle = toFetchHandler(http);
  const created = await service.createSession({
    title: "Opening keynote",
    startsAt: "2026-01-01T10:00:00Z",
    endsAt: "2026-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [
      { email: moderator, role: "moderator" },
      { email: speaker, role: "speaker" },
    ],
  });
  await service.publishSession(created.id);
  const sessionId = created.id;
  return {
    service,
    sessionId,
    async follow(email) {
      const headers: Record<string, string> = email === null ? {} : { "x-user": email };
      const response = await handle(
        new Request(`http://localhost/sessions/${sessionId}/events`, { headers }),
      );
      expect(response.status).toBe(200);
      const body = response.body;
      if (body === null) throw new Error("the stream has no body");
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let received = "";
      while (!received.includes("data:")) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before its first view: ${received}`);
        received += decoder.decode(chunk.value, { stream: true });
      }
      reader.releaseLock();
      streams.push(body);
      // The lease is saved with the other renewals of this turn.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    async enterControlRoom(email) {
      const grant = await service.join(sessionId, { email });
      provider.connect(grant.connection.roomId, { token: grant.connection.token });
      await provider.settle();
    },
  };
}

describe("audience streams in the presence counts", () => {
  it("R-PERM-6: a participant in the control room who also follows the audience stream is counted once, as a participant, not as a viewer", async () => {
    const s = await setup();
    await s.enterControlRoom(moderator);
    await s.enterControlRoom(speaker);
    await s.follow(moderator);
    await s.follow(speaker);
    await s.follow(moderator); // a second tab of the same person
    await s.follow(null);
    await s.follow(attendee);
    expect(await s.service.presence(s.sessionId, { email: moderator })).toEqual({
      moderators: 1,
      speakers: 1,
      audience: 2,
    });
  });

  it("R-PERM-6: a participant who follows the audience stream out of the control room is not a viewer", async () => {
    const s = await setup();
    await s.enterControlRoom(moderator);
    await s.follow(speaker);
    await s.follow("Speaker@Example.com"); // the same person, however the platform spells it
    await s.follow(null);
    expect(await s.service.presence(s.sessionId, { email: moderator })).toEqual({
      moderators: 1,
      speakers: 0,
      audience: 1,
    });
  });
});
