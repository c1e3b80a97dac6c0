// An application's own tests, written against the installed packages only.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  isLiveError,
} from "@onair/core";
import { createMockLiveProvider, createTestClock, expectLiveError } from "@onair/testing";
import { runStoreContract } from "@onair/testing/contracts";
import { describe, expect, it } from "vitest";

runStoreContract("in-memory store, from the packed @onair/core", () => createInMemoryStore());

describe("a live session on the mock provider, from the packed packages", () => {
  it("records the live and serves the replay; a speaker cannot start it", async () => {
    const clock = createTestClock();
    const provider = createMockLiveProvider({ clock });
    const service = createLiveService({
      store: createInMemoryStore(),
      changes: createInMemoryChangeFeed(),
      provider,
      clock,
    });
    provider.onEvent((event) => service.handleProviderEvent(event));
    const moderator = { email: "mod@example.com" };
    const speaker = { email: "speaker@example.com" };
    const draft = await service.createSession({
      title: "Opening keynote",
      startsAt: "2026-01-01T10:00:00Z",
      endsAt: "2026-01-01T11:00:00Z",
      timeZone: "Europe/Paris",
      participants: [
        { email: moderator.email, role: "moderator" },
        { email: speaker.email, role: "speaker" },
      ],
    });
    const { id } = await service.publishSession(draft.id);

    const grant = await service.join(id, moderator);
    const { roomId, token } = grant.connection;
    provider.publish(roomId, provider.connect(roomId, { token }));
    await provider.settle();
    const refusal = await expectLiveError(service.startLive(id, speaker), "FORBIDDEN");
    expect(isLiveError(refusal, "FORBIDDEN")).toBe(true);

    await service.startLive(id, moderator);
    await provider.settle();
    clock.advance(10 * 60_000);
    await service.stopLive(id, moderator);
    await provider.settle();
    clock.advance(30_000);
    await provider.settle();
    const replay = await service.replayLink(id);
    expect(replay.status).toBe("ready");
    provider.dispose();
  });
});
