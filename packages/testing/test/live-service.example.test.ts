// The example of docs/testing.md, kept here so that the guide's code always runs: a platform
// testing its own wiring of onair with the mock provider, a test clock and the in-memory store.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveService,
} from "@onair/core";
import {
  createMockLiveProvider,
  createTestClock,
  expectLiveError,
  type MockLiveProvider,
  mockStopReasons,
  type TestClock,
} from "@onair/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const moderator = { email: "mod@example.com" };
const speaker = { email: "speaker@example.com" };

describe("our live session integration", () => {
  let clock: TestClock;
  let provider: MockLiveProvider;
  let service: LiveService;
  let sessionId: string;

  beforeEach(async () => {
    clock = createTestClock();
    provider = createMockLiveProvider({ clock });
    service = createLiveService({
      store: createInMemoryStore(),
      changes: createInMemoryChangeFeed(),
      provider,
      clock,
    });
    // What the webhook route does in production: hand every provider event to the service.
    provider.onEvent((event) => service.handleProviderEvent(event));

    const session = await service.createSession({
      title: "Opening keynote",
      startsAt: "2026-01-01T10:00:00Z",
      endsAt: "2026-01-01T11:00:00Z",
      timeZone: "Europe/Paris",
      participants: [
        { email: moderator.email, role: "moderator" },
        { email: speaker.email, role: "speaker" },
      ],
    });
    sessionId = (await service.publishSession(session.id)).id;
  });

  afterEach(() => provider.dispose());

  /** A person opens the control room: a grant, a client connected with its token, a camera on. */
  async function enter(identity: { email: string }) {
    const grant = await service.join(sessionId, identity);
    const connectionId = provider.connect(grant.connection.roomId, {
      token: grant.connection.token,
    });
    const streamId = provider.publish(grant.connection.roomId, connectionId);
    await provider.settle(); // let the service handle connection-created and stream-created
    return { grant, connectionId, streamId };
  }

  it("records the live and serves the replay through a fresh link", async () => {
    const { grant } = await enter(moderator);
    expect(grant.providerRole).toBe("moderator");

    await service.startLive(sessionId, moderator);
    await provider.settle();
    expect((await service.getSession(sessionId)).live.phase).toBe("live");
    expect(provider.liveRecordings(grant.connection.roomId)).toHaveLength(1);

    clock.advance(20 * 60_000);
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    expect(provider.liveRecordings(grant.connection.roomId)).toEqual([]);
    expect((await service.audience(sessionId)).screen).toBe("replay-processing");

    clock.advance(30_000); // the mock's processing time: the recording becomes available
    await provider.settle();
    const replay = await service.replayLink(sessionId);
    expect(replay.status).toBe("ready");
    expect(replay.segments[0]?.url).toMatch(/^https:\/\//);
  });

  it("keeps the live going when the provider stops the recording on its own", async () => {
    const first = await enter(moderator);
    await service.startLive(sessionId, moderator);
    await provider.settle();

    // The moderator's network drops; 60 s later the provider stops the empty room's recording.
    provider.leave(first.grant.connection.roomId, first.connectionId, {
      reason: "networkDisconnected",
    });
    clock.advance(60_000);
    await provider.settle();
    const stopped = provider.events.filter((event) => event.type === "recording").at(-1);
    expect(stopped).toMatchObject({ status: "stopped", reason: mockStopReasons.idle });
    expect((await service.getSession(sessionId)).live.phase).toBe("live");

    // They come back: a fresh grant, a new connection, and recording resumes in a new segment.
    await enter(moderator);
    await provider.settle();
    const session = await service.getSession(sessionId);
    expect(session.live.segments).toHaveLength(2);
    expect(provider.liveRecordings(first.grant.connection.roomId)).toHaveLength(1);
    const history = await service.history(sessionId);
    expect(history.map((entry) => entry.type)).toContain("recording-gap");
  });

  it("completes a start whose answer was lost, with reconcile", async () => {
    const { grant } = await enter(moderator);
    // The provider starts the recording, but the answer never reaches us (a timeout).
    provider.failNext("startRecording", { afterEffect: true });
    await service.startLive(sessionId, moderator);
    await provider.settle();

    const repaired = await service.reconcile(sessionId);
    const [recording] = provider.liveRecordings(grant.connection.roomId);
    expect(recording).toBeDefined();
    expect(repaired.live.segments.some((segment) => segment.recordingId === recording?.id)).toBe(
      true,
    );
  });

  it("gives a speaker a publisher token, never a moderator one, and refuses strangers", async () => {
    const { grant } = await enter(speaker);
    expect(grant.providerRole).toBe("publisher");
    await expectLiveError(service.startLive(sessionId, speaker), "FORBIDDEN");
    await expectLiveError(
      service.join(sessionId, { email: "stranger@example.com" }),
      "NOT_A_PARTICIPANT",
    );
  });
});
