// Several onair instances, each in its own process, on one PostgreSQL database and one provider:
// races between instances give one provider start and one stop (R-LIFE-5), a change made on one
// instance reaches subscribers of another, and a crash mid-command is repaired (R-LIFE-6).
import { type Clock, createLiveService, type LiveService, systemClock } from "@onair/core";
import { createMockLiveProvider, type MockLiveProvider } from "@onair/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresChangeFeed,
  createPostgresStore,
  type PostgresChangeFeed,
} from "../src/index.js";
import { onServer, serverUrl, uniqueSchema } from "./databases.js";
import { eventually } from "./eventually.js";
import { type Instance, spawnInstance } from "./instance/spawn-instance.js";

const moderator1 = { email: "mod.one@example.com" };
const moderator2 = { email: "mod.two@example.com" };

describe.skipIf(serverUrl === undefined)(
  `several instances in separate processes ${onServer}`,
  () => {
    const schema = uniqueSchema("multi");
    let pool: pg.Pool;
    let feed: PostgresChangeFeed;
    let provider: MockLiveProvider<Clock>;
    /** The back office: creates and publishes sessions, on the same database and provider. */
    let backOffice: LiveService;
    let a: Instance;
    let b: Instance;
    const spawned: Instance[] = [];

    const spawnOne = async (name: string, crashAfter?: "startRecording" | "stopRecording") => {
      const instance = await spawnInstance({
        name,
        provider,
        databaseUrl: serverUrl!,
        schema,
        ...(crashAfter === undefined ? {} : { crashAfter }),
      });
      spawned.push(instance);
      return instance;
    };

    beforeAll(async () => {
      pool = new pg.Pool({ connectionString: serverUrl, max: 5 });
      pool.on("error", () => {});
      const store = createPostgresStore({ pool }, { schema });
      await store.migrate();
      feed = createPostgresChangeFeed({ store });
      // Real time everywhere: the instances run on the system clock, so does the shared provider.
      provider = createMockLiveProvider({ clock: systemClock });
      backOffice = createLiveService({ store, provider, changes: feed });
      [a, b] = await Promise.all([spawnOne("A"), spawnOne("B")]);
    }, 60_000);

    afterAll(async () => {
      await Promise.all(spawned.map((instance) => instance.close()));
      await feed?.close();
      await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool?.end();
    }, 30_000);

    /** A published session with two moderators and a client in its room (recording needs one). */
    async function aReadySession(title: string) {
      const session = await backOffice.createSession({
        title,
        startsAt: "2030-01-01T10:00:00.000Z",
        endsAt: "2030-01-01T11:00:00.000Z",
        timeZone: "Europe/Paris",
        participants: [
          { ...moderator1, role: "moderator" },
          { ...moderator2, role: "moderator" },
        ],
      });
      await backOffice.publishSession(session.id);
      const grant = await backOffice.join(session.id, moderator1);
      provider.connect(grant.connection.roomId, { token: grant.connection.token });
      return { sessionId: session.id, roomId: grant.connection.roomId };
    }

    const callsFor = (
      method: "startRecording" | "startBroadcast" | "stopRecording" | "stopBroadcast",
      target: string | null,
    ) => provider.callsTo(method).filter((call) => call.args[0] === target);

    it("R-LIFE-5: concurrent starts then stops from two instances give one provider start and one stop", async () => {
      const { sessionId, roomId } = await aReadySession("Race between instances");

      const starts = await Promise.all([
        a.call("startLive", sessionId, moderator1),
        b.call("startLive", sessionId, moderator2),
        a.call("startLive", sessionId, moderator2),
        b.call("startLive", sessionId, moderator1),
      ]);
      for (const session of starts) expect(session.live.phase).toBe("live");
      expect(callsFor("startRecording", roomId)).toHaveLength(1);
      expect(callsFor("startBroadcast", roomId)).toHaveLength(1);

      const stops = await Promise.all([
        b.call("stopLive", sessionId, moderator1),
        a.call("stopLive", sessionId, moderator2),
        b.call("stopLive", sessionId, moderator2),
        a.call("stopLive", sessionId, moderator1),
      ]);
      for (const session of stops) expect(session.live.phase).toBe("ended");

      const final = await backOffice.getSession(sessionId);
      const recordingId = final.live.segments[0]?.recordingId ?? null;
      expect(recordingId).not.toBeNull();
      expect(callsFor("stopRecording", recordingId)).toHaveLength(1);
      expect(callsFor("stopBroadcast", final.live.broadcast?.broadcastId ?? null)).toHaveLength(1);
      const types = (await backOffice.history(sessionId)).map((entry) => entry.type);
      expect(types.filter((type) => type === "live-started")).toHaveLength(1);
      expect(types.filter((type) => type === "live-stopped")).toHaveLength(1);
    }, 30_000);

    it("a start and a stop done on instance A reach a subscriber on instance B", async () => {
      const { sessionId } = await aReadySession("Watched from another instance");
      await b.subscribe(sessionId);

      await a.call("startLive", sessionId, moderator1);
      await eventually(
        () => b.views.some((view) => view.sessionId === sessionId && view.phase === "live"),
        {
          what: "B to see the live",
        },
      );
      await a.call("stopLive", sessionId, moderator2);
      const ended = await eventually(
        () => b.views.find((view) => view.sessionId === sessionId && view.phase === "ended"),
        { what: "B to see the stop" },
      );
      expect(ended.screen).toBe("replay-processing");
      const versions = b.views
        .filter((view) => view.sessionId === sessionId)
        .map((view) => view.version);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
    }, 30_000);

    it("R-LIFE-6: an instance killed between the provider's start and the store write is repaired by reconcile", async () => {
      const { sessionId, roomId } = await aReadySession("Crash while starting");
      const doomed = await spawnOne("C", "startRecording");

      await expect(doomed.call("startLive", sessionId, moderator1)).rejects.toThrow(/exited/);
      expect(await doomed.exited).toBe("SIGKILL");

      // The intent was saved before the call, the recording exists at the provider, the outcome is lost.
      const left = await backOffice.getSession(sessionId);
      expect(left.live.phase).toBe("live");
      expect(left.live.segments).toMatchObject([{ status: "starting", recordingId: null }]);
      const atProvider = provider.liveRecordings(roomId);
      expect(atProvider).toHaveLength(1);
      expect(atProvider[0]?.name).toBe(left.live.segments[0]?.name);

      const repaired = await a.call("reconcile", sessionId);
      expect(repaired.live.segments).toMatchObject([
        { status: "started", recordingId: atProvider[0]?.id },
      ]);
      // Adopted, not started again.
      expect(callsFor("startRecording", roomId)).toHaveLength(1);
      expect((await backOffice.history(sessionId)).map((entry) => entry.type)).toContain(
        "recording-started",
      );

      const stopped = await b.call("stopLive", sessionId, moderator2);
      expect(stopped.live.phase).toBe("ended");
      expect(callsFor("stopRecording", atProvider[0]?.id ?? null)).toHaveLength(1);
      expect(provider.liveRecordings(roomId)).toEqual([]);
    }, 30_000);

    it("R-LIFE-6: an instance killed after saving the stop, before the broadcast stop, leaves it to another instance's tick", async () => {
      const { sessionId, roomId } = await aReadySession("Crash while stopping");
      await a.call("startLive", sessionId, moderator1);
      await eventually(async () => {
        expect(provider.liveRecordings(roomId)).toHaveLength(1);
        expect(provider.liveBroadcasts(roomId)).toHaveLength(1);
      });
      // Killed right after the provider stopped the recording: "ended" is saved, the outcome of
      // that stop is lost, and the broadcast stop is never sent.
      const doomed = await spawnOne("E", "stopRecording");
      await expect(doomed.call("stopLive", sessionId, moderator1)).rejects.toThrow(/exited/);
      expect(await doomed.exited).toBe("SIGKILL");
      expect((await backOffice.getSession(sessionId)).live.phase).toBe("ended");
      expect(provider.liveBroadcasts(roomId)).toHaveLength(1);

      await eventually(async () => {
        await b.call<number>("tickAll");
        expect(provider.liveRecordings(roomId)).toEqual([]);
        expect(provider.liveBroadcasts(roomId)).toEqual([]);
      });
    }, 30_000);

    // Known gap, kept executable: the core's reconcile adopts recordings but not the HLS broadcast,
    // so a crash right after the recording started leaves the broadcast "starting" for good and the
    // audience without a stream. This turns red once reconcile handles it: then make it a plain test.
    it("R-LIFE-6: reconcile also starts the audience broadcast a crash left requested", async () => {
      const { sessionId, roomId } = await aReadySession("Crash before the broadcast");
      const doomed = await spawnOne("D", "startRecording");
      await expect(doomed.call("startLive", sessionId, moderator1)).rejects.toThrow(/exited/);
      const repaired = await a.call("reconcile", sessionId);
      expect(repaired.live.broadcast?.status).toBe("started");
      expect(provider.liveBroadcasts(roomId)).toHaveLength(1);
    }, 30_000);
  },
);
