// R-LIFE-6 after the stop: a stop call that fails, times out or is lost leaves outputs running at
// the provider; the regular tick (tickAll) stops them and settles the replay, on any instance.
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type LiveService,
  type SessionStore,
} from "@onair/core";
import {
  createMockLiveProvider,
  createTestClock,
  type MockLiveProvider,
  type TestClock,
} from "@onair/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const moderator = { email: "mod@example.com" };

describe("settling the outputs after the stop", () => {
  let clock: TestClock;
  let provider: MockLiveProvider;
  let store: SessionStore;
  let service: LiveService;
  let sessionId: string;
  let roomId: string;
  let unsubscribe: () => void;

  const serviceOn = () =>
    createLiveService({ store, changes: createInMemoryChangeFeed(), provider, clock });

  beforeEach(async () => {
    clock = createTestClock();
    provider = createMockLiveProvider({ clock });
    store = createInMemoryStore();
    service = serviceOn();
    unsubscribe = provider.onEvent((event) => service.handleProviderEvent(event));
    const session = await service.createSession({
      title: "Opening keynote",
      startsAt: "2026-01-01T10:00:00Z",
      endsAt: "2026-01-01T11:00:00Z",
      timeZone: "Europe/Paris",
      participants: [{ email: moderator.email, role: "moderator" }],
    });
    sessionId = (await service.publishSession(session.id)).id;
    const grant = await service.join(sessionId, moderator);
    roomId = grant.connection.roomId;
    const connectionId = provider.connect(roomId, { token: grant.connection.token });
    const streamId = provider.publish(roomId, connectionId);
    await provider.settle();
    await service.startLive(sessionId, moderator);
    await provider.settle();
    await service.setStage(sessionId, moderator, {
      streamIds: [streamId],
      layout: "grid",
      focusStreamId: null,
    });
    await provider.settle();
    clock.advance(60_000);
    expect(provider.liveRecordings(roomId)).toHaveLength(1);
    expect(provider.liveBroadcasts(roomId)).toHaveLength(1);
  });

  afterEach(() => provider.dispose());

  /** Runs the regular tick every 10 s for `ms`, as a host's timer would. */
  async function tickFor(ms: number, on: LiveService = service) {
    for (let waited = 0; waited < ms; waited += 10_000) {
      clock.advance(10_000);
      await provider.settle();
      await on.tickAll();
      await provider.settle();
    }
  }

  it("R-LIFE-6: stops that fail at the provider are sent again by the tick until nothing records or broadcasts", async () => {
    const [recordingBefore] = provider.liveRecordings(roomId);
    expect(provider.stageOf(recordingBefore?.id ?? "")?.streamIds).toHaveLength(1);
    provider.failNext("stopRecording", { times: 3 });
    provider.failNext("stopBroadcast", { times: 3 });
    const ended = await service.stopLive(sessionId, moderator);
    await provider.settle();
    expect(ended.live.phase).toBe("ended");
    expect(provider.liveRecordings(roomId)).toHaveLength(1);
    expect(provider.liveBroadcasts(roomId)).toHaveLength(1);
    // R-LIFE-2: meanwhile both outputs show the holding slate, not the stage.
    const [stillRecording] = provider.liveRecordings(roomId);
    const [stillBroadcasting] = provider.liveBroadcasts(roomId);
    expect(provider.stageOf(stillRecording?.id ?? "")?.streamIds).toEqual([]);
    expect(provider.stageOf(stillBroadcasting?.id ?? "")?.streamIds).toEqual([]);

    await tickFor(10 * 60_000);
    expect(provider.liveRecordings(roomId)).toEqual([]);
    expect(provider.liveBroadcasts(roomId)).toEqual([]);
    // Back-off: a few attempts over ten minutes, not one per tick.
    expect(provider.callsTo("stopRecording").length).toBeLessThanOrEqual(6);
    await tickFor(2 * 60_000);
    const settled = await service.getSession(sessionId);
    expect(settled.live.replay).toBe("ready");
    expect(settled.live.settleDueAt).toBeUndefined();
  });

  it("R-LIFE-6: a stop whose answer is lost (it stopped, the caller never knew) is settled with the provider", async () => {
    provider.failNext("stopRecording", { afterEffect: true });
    provider.failNext("stopBroadcast", { afterEffect: true });
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    await tickFor(5 * 60_000);
    expect(provider.liveRecordings(roomId)).toEqual([]);
    expect(provider.liveBroadcasts(roomId)).toEqual([]);
    const settled = await service.getSession(sessionId);
    expect(settled.live.replay).toBe("ready");
    expect(settled.live.broadcast?.status).toBe("stopped");
  });

  it("R-LIFE-6: pressing stop again after a failed stop sends the stops again at once", async () => {
    provider.failNext("stopRecording");
    provider.failNext("stopBroadcast");
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    expect(provider.liveRecordings(roomId)).toHaveLength(1);

    await service.stopLive(sessionId, moderator);
    await provider.settle();
    expect(provider.liveRecordings(roomId)).toEqual([]);
    expect(provider.liveBroadcasts(roomId)).toEqual([]);
  });

  it("R-LIFE-5: stop pressed twice while the first stop is in flight asks the provider once", async () => {
    await service.stopLive(sessionId, moderator);
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    expect(provider.callsTo("stopRecording")).toHaveLength(1);
    expect(provider.callsTo("stopBroadcast")).toHaveLength(1);
  });

  it("R-LIFE-6: a replay still processing whose status never arrives is settled by the tick", async () => {
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    unsubscribe(); // the webhook deliveries are lost from now on
    expect((await service.getSession(sessionId)).live.replay).toBe("processing");

    await tickFor(5 * 60_000);
    expect((await service.getSession(sessionId)).live.replay).toBe("ready");
    // Settled: no longer listed, so the tick stops asking the provider.
    expect(await store.settlingSessionIds()).toEqual([]);
  });

  it("R-LIFE-6: another instance's tickAll stops the outputs of a live ended (and crashed) elsewhere", async () => {
    provider.failNext("stopRecording", { times: 1 });
    provider.failNext("stopBroadcast", { times: 1 });
    await service.stopLive(sessionId, moderator);
    await provider.settle();
    const other = serviceOn();
    await tickFor(3 * 60_000, other);
    expect(provider.liveRecordings(roomId)).toEqual([]);
    expect(provider.liveBroadcasts(roomId)).toEqual([]);
  });
});
