// R-LIFE-6 on PostgreSQL: an instance dies between saving "ended" and the provider calls that stop
// the outputs; another instance's regular tick stops every output. On PGlite, and on a real server
// when DATABASE_URL is set.
import {
  type Clock,
  createInMemoryChangeFeed,
  createLiveService,
  type LiveSession,
  type SessionStore,
} from "@onair/core";
import {
  createMockLiveProvider,
  createTestClock,
  type MockLiveProvider,
  type TestClock,
} from "@onair/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createPgliteStore, createServerStore, serverUrl } from "./databases.js";

const moderator = { email: "mod@example.com" };

/** The same store, in a process that dies right after it saved the stop (before any provider call). */
function diesAfterSavingEnded(store: SessionStore): SessionStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== "update") return Reflect.get(target, property, receiver);
      return async (session: LiveSession, expectedVersion: number, history?: never) => {
        await target.update(session, expectedVersion, history);
        if (session.live.phase === "ended") throw new Error("process killed after the save");
      };
    },
  });
}

async function crashThenTick(store: SessionStore) {
  const clock: TestClock = createTestClock();
  const provider: MockLiveProvider<Clock> = createMockLiveProvider({ clock });
  const changes = createInMemoryChangeFeed();
  const doomed = createLiveService({
    store: diesAfterSavingEnded(store),
    provider,
    changes,
    clock,
  });
  const survivor = createLiveService({ store, provider, changes, clock });
  provider.onEvent((event) => survivor.handleProviderEvent(event));
  try {
    const session = await survivor.createSession({
      title: "Crash at the stop",
      startsAt: "2030-01-01T10:00:00.000Z",
      endsAt: "2030-01-01T11:00:00.000Z",
      timeZone: "Europe/Paris",
      participants: [{ ...moderator, role: "moderator" }],
    });
    await survivor.publishSession(session.id);
    const grant = await survivor.join(session.id, moderator);
    const roomId = grant.connection.roomId;
    provider.connect(roomId, { token: grant.connection.token });
    await provider.settle();
    await survivor.startLive(session.id, moderator);
    await provider.settle();
    clock.advance(60_000);
    expect(provider.liveRecordings(roomId)).toHaveLength(1);
    expect(provider.liveBroadcasts(roomId)).toHaveLength(1);

    await expect(doomed.stopLive(session.id, moderator)).rejects.toThrow();
    expect((await store.get(session.id))?.live.phase).toBe("ended");
    expect(provider.callsTo("stopRecording")).toHaveLength(0);
    expect(provider.liveRecordings(roomId)).toHaveLength(1);
    expect(await store.settlingSessionIds()).toContain(session.id);

    for (let turn = 0; turn < 12; turn++) {
      clock.advance(10_000);
      await survivor.tickAll();
      await provider.settle();
    }
    expect(provider.liveRecordings(roomId)).toEqual([]);
    expect(provider.liveBroadcasts(roomId)).toEqual([]);
    clock.advance(5 * 60_000);
    await provider.settle();
    await survivor.tickAll();
    expect((await store.get(session.id))?.live.replay).toBe("ready");
    expect(await store.settlingSessionIds()).not.toContain(session.id);
  } finally {
    provider.dispose();
  }
}

describe("a crash between saving the stop and stopping the outputs", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it("R-LIFE-6: on PGlite, another instance's tick stops every output", async () => {
    const { store, pglite } = await createPgliteStore();
    cleanups.push(() => pglite.close());
    await crashThenTick(store);
  }, 60_000);

  it.skipIf(serverUrl === undefined)(
    "R-LIFE-6: on a PostgreSQL server, another instance's tick stops every output",
    async () => {
      const server = await createServerStore("settle");
      cleanups.push(() => server.dispose());
      await crashThenTick(server.store);
    },
    60_000,
  );
});
