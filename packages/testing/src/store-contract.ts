// The shared behaviour every SessionStore must have. Implementations run it from their own tests:
//   runStoreContract("postgres", () => createPostgresStore(...), { teardown: (s) => s.close() })
// Every test title starts with the id of the rule it proves (STORE-CAS-2…), as listed in the
// ports documentation (docs/ports.md), so a failure names the rule that broke.
import type { LiveEvent, LiveSession, SessionStore } from "@onair/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aLiveEvent, aLiveSession } from "./builders.js";
import { expectLiveError } from "./expect-live-error.js";

export type StoreFactory<S extends SessionStore = SessionStore> = () => S | Promise<S>;

export interface StoreContractOptions<S extends SessionStore = SessionStore> {
  /** Releases what the factory opened (connections, schemas); runs after every test. */
  readonly teardown?: (store: S) => Promise<void> | void;
  /** How many concurrent updates race in the compare-and-set test (default 8). */
  readonly concurrency?: number;
}

/**
 * Registers a `describe` block proving that the store returned by `factory` honours the
 * SessionStore port. `factory` runs before every test and must give an empty store (or one
 * where the random session ids used here cannot collide and old history does not matter).
 */
export function runStoreContract<S extends SessionStore>(
  name: string,
  factory: StoreFactory<S>,
  options: StoreContractOptions<S> = {},
): void {
  describe(`SessionStore contract: ${name}`, () => {
    let store: S;
    let run: string;

    beforeEach(async () => {
      store = await factory();
      run = globalThis.crypto.randomUUID().slice(0, 8);
    });

    afterEach(async () => {
      await options.teardown?.(store);
    });

    // Ids unique per test, so a store shared between tests (a database) never mixes them up.
    const idOf = (label: string) => `ses_${label}_${run}`;
    const sessionOf = (label: string, overrides: Parameters<typeof aLiveSession>[0] = {}) =>
      aLiveSession({ id: idOf(label), ...overrides });
    const next = (session: LiveSession, changes: Partial<LiveSession> = {}): LiveSession => ({
      ...session,
      ...changes,
      version: session.version + 1,
    });
    const eventOf = (session: LiveSession, overrides: Partial<LiveEvent> = {}): LiveEvent =>
      aLiveEvent({ sessionId: session.id, ...overrides });

    describe("get and create", () => {
      it("STORE-GET-1: get gives null for an unknown session id", async () => {
        expect(await store.get(idOf("unknown"))).toBeNull();
      });

      it("STORE-CREATE-1: create stores a new session and get gives it back equal", async () => {
        const session = sessionOf("a");
        await store.create(session);
        expect(await store.get(session.id)).toEqual(session);
      });

      it("STORE-CREATE-2: create with an id already stored fails with CONFLICT and keeps the first session", async () => {
        const session = sessionOf("a");
        await store.create(session);
        await expectLiveError(store.create({ ...session, title: "Another" }), "CONFLICT");
        expect((await store.get(session.id))?.title).toBe(session.title);
      });

      it("STORE-CREATE-3: history given to create is stored in order, at positions numbered from 1", async () => {
        const session = sessionOf("a");
        await store.create(session, [
          eventOf(session, { type: "session-created" }),
          eventOf(session, { type: "participant-added", data: { personKey: "p_mod" } }),
        ]);
        const history = await store.history(session.id);
        expect(history.map((entry) => [entry.seq, entry.type])).toEqual([
          [1, "session-created"],
          [2, "participant-added"],
        ]);
        expect(history[1]?.data).toEqual({ personKey: "p_mod" });
      });
    });

    describe("findByRoomId", () => {
      it("STORE-ROOM-1: findByRoomId finds the session owning a room, and null for an unknown room", async () => {
        const session = sessionOf("a", { live: { roomId: `room_a_${run}` } });
        await store.create(session);
        expect((await store.findByRoomId(`room_a_${run}`))?.id).toBe(session.id);
        expect(await store.findByRoomId(`room_none_${run}`)).toBeNull();
      });

      it("STORE-ROOM-2: findByRoomId follows a room that an update gave the session", async () => {
        const session = sessionOf("a");
        await store.create(session);
        const roomId = `room_late_${run}`;
        await store.update(next(session, { live: { ...session.live, roomId } }), 1);
        expect((await store.findByRoomId(roomId))?.id).toBe(session.id);
      });

      it("STORE-ROOM-3: findByRoomId forgets a room the session no longer has", async () => {
        const first = `room_first_${run}`;
        const session = sessionOf("a", { live: { roomId: first } });
        await store.create(session);
        const second = `room_second_${run}`;
        await store.update(next(session, { live: { ...session.live, roomId: second } }), 1);
        expect(await store.findByRoomId(first)).toBeNull();
        expect((await store.findByRoomId(second))?.id).toBe(session.id);
      });
    });

    describe("liveSessionIds", () => {
      it('STORE-LIVE-1: liveSessionIds lists exactly the sessions whose live phase is "live", following updates and deletes', async () => {
        const scheduled = sessionOf("scheduled");
        const started = sessionOf("started");
        const live = sessionOf("live", { live: { phase: "live" } });
        await store.create(scheduled);
        await store.create(started);
        await store.create(live);
        await store.update(next(started, { live: { ...started.live, phase: "live" } }), 1);
        const ours = async () =>
          (await store.liveSessionIds()).filter((id) => id.endsWith(`_${run}`)).sort();
        expect(await ours()).toEqual([live.id, started.id].sort());

        const ended = next(live, { live: { ...live.live, phase: "ended" } });
        await store.update(ended, 1);
        await store.delete(started.id, (email) => `deleted:${email.length}`);
        expect(await ours()).toEqual([]);
        expect(await store.liveSessionIds()).not.toContain(scheduled.id);
      });
    });

    describe("settlingSessionIds", () => {
      it("STORE-LIVE-2 (R-LIFE-6): settlingSessionIds lists the ended sessions still settling, following updates and deletes", async () => {
        const due = "2026-01-01T00:00:30.000Z";
        const settled = sessionOf("settled", { live: { phase: "ended" } });
        const settling = sessionOf("settling", { live: { phase: "ended", settleDueAt: due } });
        const later = sessionOf("later", { live: { phase: "live" } });
        await store.create(settled);
        await store.create(settling);
        await store.create(later);
        const ours = async () =>
          (await store.settlingSessionIds()).filter((id) => id.endsWith(`_${run}`)).sort();
        expect(await ours()).toEqual([settling.id]);

        // The live ends with an output still recording: it joins the list.
        await store.update(
          next(later, { live: { ...later.live, phase: "ended", settleDueAt: due } }),
          1,
        );
        expect(await ours()).toEqual([later.id, settling.id].sort());

        // Everything confirmed stopped: the marker goes, and so does the session from the list.
        const { settleDueAt: _due, ...done } = settling.live;
        await store.update(next(settling, { live: done }), 1);
        await store.delete(later.id, (email) => `deleted:${email.length}`);
        expect(await ours()).toEqual([]);
      });
    });

    describe("update (compare-and-set)", () => {
      it("STORE-CAS-1 (R-LIFE-5): update stores the next version when the expected version is the stored one", async () => {
        const session = sessionOf("a");
        await store.create(session);
        const updated = next(session, { title: "Renamed" });
        await store.update(updated, 1);
        expect(await store.get(session.id)).toEqual(updated);
        const again = next(updated, { title: "Renamed twice" });
        await store.update(again, 2);
        expect((await store.get(session.id))?.version).toBe(3);
      });

      it("STORE-CAS-2 (R-LIFE-5): update with a stale expected version fails with CONFLICT and changes nothing, history included", async () => {
        const session = sessionOf("a");
        await store.create(session);
        await store.update(next(session, { title: "First" }), 1);
        await expectLiveError(
          store.update(next(session, { title: "Stale" }), 1, [eventOf(session)]),
          "CONFLICT",
        );
        const stored = await store.get(session.id);
        expect(stored?.title).toBe("First");
        expect(stored?.version).toBe(2);
        expect(await store.history(session.id)).toEqual([]);
      });

      it("STORE-CAS-3 (R-LIFE-5): update fails with CONFLICT unless the new version is expected + 1", async () => {
        const session = sessionOf("a");
        await store.create(session);
        await expectLiveError(
          store.update({ ...session, version: 3, title: "Jump" }, 1),
          "CONFLICT",
        );
        await expectLiveError(
          store.update({ ...session, version: 1, title: "Same" }, 1),
          "CONFLICT",
        );
        expect(await store.get(session.id)).toEqual(session);
      });

      it("STORE-CAS-4: update of a session that does not exist fails with SESSION_NOT_FOUND", async () => {
        await expectLiveError(store.update(next(sessionOf("ghost")), 1), "SESSION_NOT_FOUND");
      });

      it("STORE-CAS-5 (R-LIFE-5): of N concurrent updates from one version exactly one wins, the others fail with CONFLICT, and only the winner's history is kept", async () => {
        const session = sessionOf("race");
        await store.create(session);
        const racers = options.concurrency ?? 8;
        const results = await Promise.allSettled(
          Array.from({ length: racers }, (_, i) =>
            store.update(next(session, { title: `Racer ${i}` }), 1, [
              eventOf(session, { type: "live-started", data: { racer: i } }),
            ]),
          ),
        );
        const winners = results.flatMap((result, i) => (result.status === "fulfilled" ? [i] : []));
        expect(winners, "STORE-CAS-5: exactly one concurrent update wins").toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") {
            expect(result.reason).toMatchObject({ name: "LiveError", code: "CONFLICT" });
          }
        }
        const stored = await store.get(session.id);
        expect(stored?.version).toBe(2);
        expect(stored?.title).toBe(`Racer ${winners[0]}`);
        // Only the winner's history made it: history and state change together or not at all.
        const history = await store.history(session.id);
        expect(
          history.map((entry) => entry.data),
          "STORE-CAS-5: only the winner's history is stored",
        ).toEqual([{ racer: winners[0] }]);
      });
    });

    describe("history", () => {
      it("STORE-HIST-1 (R-LIFE-5): update appends its history in the same atomic step, in order, at increasing positions", async () => {
        const session = sessionOf("a");
        await store.create(session, [eventOf(session, { type: "session-created" })]);
        await store.update(next(session), 1, [
          eventOf(session, { type: "live-started", reason: "moderator pressed start" }),
          eventOf(session, { type: "recording-requested", data: { name: "seg-0" } }),
        ]);
        const history = await store.history(session.id);
        expect(history.map((entry) => entry.type)).toEqual([
          "session-created",
          "live-started",
          "recording-requested",
        ]);
        expect(history.map((entry) => entry.seq)).toEqual([1, 2, 3]);
        expect(history[1]).toMatchObject({
          sessionId: session.id,
          actor: { kind: "system" },
          reason: "moderator pressed start",
        });
      });

      it("STORE-HIST-2: appendHistory adds entries after the existing ones (an empty list adds nothing)", async () => {
        const session = sessionOf("a");
        await store.create(session, [eventOf(session, { type: "session-created" })]);
        await store.appendHistory(session.id, [
          eventOf(session, { type: "connection-created", actor: { kind: "provider" } }),
        ]);
        await store.appendHistory(session.id, []);
        await store.appendHistory(session.id, [
          eventOf(session, { type: "connection-destroyed", actor: { kind: "provider" } }),
        ]);
        const history = await store.history(session.id);
        expect(history.map((entry) => [entry.seq, entry.type])).toEqual([
          [1, "session-created"],
          [2, "connection-created"],
          [3, "connection-destroyed"],
        ]);
      });

      it("STORE-HIST-3: history with afterSeq gives only the entries after that position", async () => {
        const session = sessionOf("a");
        const types = [
          "session-created",
          "session-published",
          "live-started",
          "live-stopped",
        ] as const;
        await store.create(
          session,
          types.map((type) => eventOf(session, { type })),
        );
        const after = await store.history(session.id, { afterSeq: 2 });
        expect(after.map((entry) => [entry.seq, entry.type])).toEqual([
          [3, "live-started"],
          [4, "live-stopped"],
        ]);
        expect(await store.history(session.id, { afterSeq: 4 })).toEqual([]);
        expect(await store.history(session.id, { afterSeq: 0 })).toHaveLength(4);
      });

      it("STORE-HIST-4: each session has its own history (an unknown session has an empty one)", async () => {
        const a = sessionOf("a");
        const b = sessionOf("b");
        await store.create(a, [eventOf(a, { type: "session-created" })]);
        await store.create(b, [eventOf(b, { type: "session-created" })]);
        await store.appendHistory(a.id, [eventOf(a, { type: "live-started" })]);
        expect((await store.history(a.id)).map((entry) => entry.type)).toEqual([
          "session-created",
          "live-started",
        ]);
        expect((await store.history(b.id)).map((entry) => [entry.seq, entry.type])).toEqual([
          [1, "session-created"],
        ]);
        expect(await store.history(idOf("none"))).toEqual([]);
      });

      it("STORE-HIST-5: purgeHistory drops the entries older than the limit, across sessions, returns how many, and leaves sessions alone", async () => {
        const a = sessionOf("a");
        const b = sessionOf("b");
        await store.create(a, [
          eventOf(a, { type: "session-created", at: "2001-01-01T00:00:00.000Z" }),
          eventOf(a, { type: "live-started", at: "2001-06-01T00:00:00.000Z" }),
          eventOf(a, { type: "live-stopped", at: "2002-01-01T00:00:00.000Z" }),
        ]);
        await store.create(b, [
          eventOf(b, { type: "session-created", at: "2001-02-01T00:00:00.000Z" }),
        ]);
        const purged = await store.purgeHistory("2002-01-01T00:00:00.000Z");
        expect(purged).toBe(3);
        expect((await store.history(a.id)).map((entry) => entry.type)).toEqual(["live-stopped"]);
        expect(await store.history(b.id)).toEqual([]);
        expect(await store.purgeHistory("2002-01-01T00:00:00.000Z")).toBe(0);
        // The session itself is not touched by history retention.
        expect(await store.get(a.id)).toEqual(a);
      });

      it("STORE-HIST-6: history positions are never reused, even after a purge", async () => {
        const a = sessionOf("a");
        await store.create(a, [
          eventOf(a, { type: "session-created", at: "2001-01-01T00:00:00.000Z" }),
          eventOf(a, { type: "live-started", at: "2001-06-01T00:00:00.000Z" }),
        ]);
        await store.purgeHistory("2002-01-01T00:00:00.000Z");
        await store.appendHistory(a.id, [
          eventOf(a, { type: "live-stopped", at: "2003-01-01T00:00:00.000Z" }),
        ]);
        expect(
          (await store.history(a.id)).map((entry) => entry.seq),
          "STORE-HIST-6: a position once given is never given again, even after a purge",
        ).toEqual([3]);
      });

      it("STORE-HIST-7: purgeHistory with a limit that is not an instant fails with INVALID_INPUT and deletes nothing", async () => {
        const a = sessionOf("a");
        await store.create(a, [eventOf(a, { type: "session-created" })]);
        await expectLiveError(store.purgeHistory("not a date"), "INVALID_INPUT");
        expect(await store.history(a.id)).toHaveLength(1);
      });

      it('STORE-HIST-8: purgeHistory accepts only a full ISO 8601 instant as its limit ("9999" would purge everything)', async () => {
        const a = sessionOf("a");
        await store.create(a, [eventOf(a, { at: "2001-01-01T00:00:00.000Z" })]);
        for (const loose of [
          "9999",
          "2026",
          "2026-01-01",
          "2026-01-01T10:00:00",
          "2026-01-01 10:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-01-01T24:00:00Z",
          "2026-01-01T10:00:00+25:00",
          "Thu, 01 Jan 2026 00:00:00 GMT",
          " 2026-01-01T00:00:00Z",
        ]) {
          await expectLiveError(store.purgeHistory(loose), "INVALID_INPUT");
        }
        expect(await store.history(a.id)).toHaveLength(1);
        // The forms an instant may take: an offset, no seconds, up to nanoseconds.
        await store.purgeHistory("2000-12-31T23:59:59.999999999Z");
        await store.purgeHistory("2001-01-01T00:30+01:00");
        expect(await store.history(a.id)).toHaveLength(1);
        expect(await store.purgeHistory("2001-01-01T01:00:00.001+01:00")).toBeGreaterThanOrEqual(1);
        expect(await store.history(a.id)).toEqual([]);
      });
    });

    describe("delete", () => {
      it("STORE-DEL-1 (R-DATA-1): delete removes the session, its room and its presence, and keeps its history with every email replaced by pseudonymise(email), called once per email", async () => {
        const roomId = `room_del_${run}`;
        const session = sessionOf("del", { live: { roomId } });
        await store.create(session, [
          eventOf(session, {
            type: "participant-added",
            data: { email: "speaker@example.com", role: "speaker", personKey: "p_speaker" },
          }),
          eventOf(session, { type: "live-started", data: { roomId } }),
        ]);
        await store.touchPresence(session.id, "p_speaker", "speaker", "con_1", 1_000);
        const seen: string[] = [];
        await store.delete(session.id, (email) => {
          seen.push(email);
          return `anon_${email.length}`;
        });

        expect(await store.get(session.id)).toBeNull();
        expect(await store.findByRoomId(roomId)).toBeNull();
        expect(await store.countPresence(session.id, 1_000, 60_000)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 0,
        });
        const history = await store.history(session.id);
        expect(history.map((entry) => entry.type)).toEqual(["participant-added", "live-started"]);
        expect(history[0]?.data).toEqual({
          email: "anon_19",
          role: "speaker",
          personKey: "p_speaker",
        });
        expect(history[1]?.data).toEqual({ roomId });
        expect(
          seen,
          "STORE-DEL-1: pseudonymise is called once for each email in the history",
        ).toEqual(["speaker@example.com"]);
        expect(
          JSON.stringify(history),
          "STORE-DEL-1: no email is left in a deleted session's history",
        ).not.toContain("speaker@example.com");
      });

      it("STORE-DEL-6 (R-DATA-1): delete pseudonymises the admin ids of history actors too, one pseudonym per person", async () => {
        const session = sessionOf("del-admin");
        const admin = { kind: "admin", id: "adm_4f9c2e" } as const;
        await store.create(session, [
          eventOf(session, { type: "session-created", actor: admin, data: {} }),
          eventOf(session, {
            type: "participant-added",
            actor: admin,
            data: { email: "speaker@example.com", role: "speaker", personKey: "p_speaker" },
          }),
          eventOf(session, { type: "live-started", data: {} }),
        ]);
        await store.delete(session.id, (value) => `anon_${value.length}`);
        const history = await store.history(session.id);
        expect(history.map((entry) => entry.actor)).toEqual([
          { kind: "admin", id: "anon_10" },
          { kind: "admin", id: "anon_10" },
          { kind: "system" },
        ]);
        expect(JSON.stringify(history)).not.toContain("adm_4f9c2e");
        expect(JSON.stringify(history)).not.toContain("speaker@example.com");
      });

      it("STORE-DEL-2 (R-DATA-1): delete fails with INVALID_INPUT and changes nothing when a pseudonym is not a non-empty text other than the email", async () => {
        const session = sessionOf("bad-pseudonym");
        await store.create(session, [
          eventOf(session, {
            type: "participant-added",
            data: { email: "speaker@example.com", role: "speaker" },
          }),
          eventOf(session, {
            type: "participant-added",
            data: { email: "moderator@example.com", role: "moderator" },
          }),
        ]);
        await store.touchPresence(session.id, "p_speaker", "speaker", "con_1", 1_000);
        const before = await store.history(session.id);
        for (const bad of [
          () => "",
          (email: string) => email,
          () => 42,
          () => undefined,
          () => null,
          // Only the second email's pseudonym is wrong: the first must not be applied either.
          (email: string) => (email.startsWith("moderator") ? "" : "anon_ok"),
        ]) {
          await expectLiveError(
            store.delete(session.id, bad as unknown as (email: string) => string),
            "INVALID_INPUT",
          );
          expect(await store.get(session.id)).toEqual(session);
          expect(await store.history(session.id)).toEqual(before);
          expect((await store.countPresence(session.id, 1_000, 60_000)).speakers).toBe(1);
        }
        await store.delete(session.id, (email) => `anon_${email.length}`);
        expect((await store.history(session.id)).map((entry) => entry.data.email)).toEqual([
          "anon_19",
          "anon_21",
        ]);
      });

      it("STORE-DEL-3: delete of a session that does not exist fails with SESSION_NOT_FOUND", async () => {
        await expectLiveError(
          store.delete(idOf("ghost"), (email) => email),
          "SESSION_NOT_FOUND",
        );
      });

      it("STORE-DEL-4 (R-PERM-5): delete with an expected version fails with CONFLICT when the session changed meanwhile", async () => {
        const session = sessionOf("cas-del");
        await store.create(session);
        await store.update(next(session, { title: "Changed" }), 1);
        await expectLiveError(
          store.delete(session.id, (email) => email, 1),
          "CONFLICT",
        );
        expect((await store.get(session.id))?.title).toBe("Changed");
        await store.delete(session.id, (email) => email, 2);
        expect(await store.get(session.id)).toBeNull();
      });

      it("STORE-DEL-5: a deleted session's id can be created again", async () => {
        const session = sessionOf("again");
        await store.create(session);
        await store.delete(session.id, () => "anon");
        await store.create({ ...session, title: "Reborn" });
        expect((await store.get(session.id))?.title).toBe("Reborn");
      });
    });

    describe("presence leases", () => {
      const ttl = 60_000;
      const t0 = Date.parse("2026-01-01T10:00:00Z");

      it("STORE-PRES-1: countPresence counts distinct people by role, and touching a connection again is idempotent", async () => {
        const id = idOf("p");
        await store.touchPresence(id, "p_mod", "moderator", "con_mod", t0);
        await store.touchPresence(id, "p_mod", "moderator", "con_mod", t0 + 10);
        await store.touchPresence(id, "p_speaker", "speaker", "con_sp", t0);
        await store.touchPresence(id, "a_1", "attendee", "con_a1", t0);
        await store.touchPresence(id, "a_2", "attendee", "con_a2", t0);
        expect(await store.countPresence(id, t0 + 20, ttl)).toEqual({
          moderators: 1,
          speakers: 1,
          audience: 2,
        });
      });

      it("STORE-PRES-2 (R-PERM-6): a person with two connections counts once, under their highest role", async () => {
        const id = idOf("p");
        await store.touchPresence(id, "p_both", "speaker", "con_tab1", t0);
        await store.touchPresence(id, "p_both", "moderator", "con_tab2", t0);
        await store.touchPresence(id, "a_1", "attendee", "con_a1", t0);
        await store.touchPresence(id, "a_1", "attendee", "con_a2", t0);
        expect(await store.countPresence(id, t0, ttl)).toEqual({
          moderators: 1,
          speakers: 0,
          audience: 1,
        });
      });

      it("STORE-PRES-3: touchPresenceMany renews every listed lease, and only those; a connection listed twice keeps its last lease", async () => {
        const id = idOf("p");
        await store.touchPresenceMany(id, [], t0);
        await store.touchPresence(id, "p_mod", "moderator", "con_mod", t0);
        const viewers = Array.from({ length: 300 }, (_, i) => ({
          personKey: `a_${i % 250}`,
          role: "attendee" as const,
          connectionId: `con_v${i}`,
        }));
        await store.touchPresenceMany(id, viewers, t0 + 30_000);
        await store.touchPresenceMany(
          id,
          [
            { personKey: "p_sp", role: "attendee", connectionId: "con_twice" },
            { personKey: "p_sp", role: "speaker", connectionId: "con_twice" },
          ],
          t0 + 30_000,
        );
        expect(await store.countPresence(id, t0 + 30_000, ttl)).toEqual({
          moderators: 1,
          speakers: 1,
          audience: 250,
        });
        // The batch renewed the viewers, not the moderator, whose lease expires on its own.
        expect(await store.countPresence(id, t0 + ttl + 1, ttl)).toEqual({
          moderators: 0,
          speakers: 1,
          audience: 250,
        });
        await store.touchPresenceMany(id, viewers.slice(0, 10), t0 + 2 * ttl);
        expect(await store.countPresence(id, t0 + 2 * ttl, ttl)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 10,
        });
        expect(await store.countPresence(idOf("other"), t0 + 30_000, ttl)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 0,
        });
      });

      it("STORE-PRES-4: dropPresence ends a connection's lease; dropping it twice, or an unknown one, is harmless", async () => {
        const id = idOf("p");
        await store.touchPresence(id, "p_both", "speaker", "con_tab1", t0);
        await store.touchPresence(id, "p_both", "moderator", "con_tab2", t0);
        await store.dropPresence(id, "con_tab2");
        expect(await store.countPresence(id, t0, ttl)).toEqual({
          moderators: 0,
          speakers: 1,
          audience: 0,
        });
        await store.dropPresence(id, "con_tab2");
        await store.dropPresence(id, "con_unknown");
        await store.dropPresence(idOf("none"), "con_unknown");
        await store.dropPresence(id, "con_tab1");
        expect(await store.countPresence(id, t0, ttl)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 0,
        });
      });

      it("STORE-PRES-5 (R-PERM-6): a lease not renewed within the TTL is not counted (a lost disconnect leaves no ghost), and a renewal counts again", async () => {
        const id = idOf("p");
        await store.touchPresence(id, "p_mod", "moderator", "con_mod", t0);
        await store.touchPresence(id, "p_speaker", "speaker", "con_sp", t0 + 30_000);
        expect(await store.countPresence(id, t0 + ttl - 1, ttl)).toEqual({
          moderators: 1,
          speakers: 1,
          audience: 0,
        });
        // The moderator's disconnect never arrived: after the TTL they are gone anyway.
        expect(await store.countPresence(id, t0 + ttl + 1, ttl)).toEqual({
          moderators: 0,
          speakers: 1,
          audience: 0,
        });
        // A renewal brings them back.
        await store.touchPresence(id, "p_mod", "moderator", "con_mod", t0 + ttl + 2);
        expect(await store.countPresence(id, t0 + ttl + 3, ttl)).toEqual({
          moderators: 1,
          speakers: 1,
          audience: 0,
        });
      });

      it("STORE-PRES-6 (R-PERM-6): an expired connection does not keep its person's higher role", async () => {
        const id = idOf("p");
        await store.touchPresence(id, "p_both", "moderator", "con_old", t0);
        await store.touchPresence(id, "p_both", "speaker", "con_new", t0 + ttl);
        expect(await store.countPresence(id, t0 + ttl + 1, ttl)).toEqual({
          moderators: 0,
          speakers: 1,
          audience: 0,
        });
      });

      it("STORE-PRES-7: each session has its own presence", async () => {
        const a = idOf("pa");
        const b = idOf("pb");
        await store.touchPresence(a, "p_mod", "moderator", "con_1", t0);
        await store.touchPresence(b, "a_1", "attendee", "con_2", t0);
        expect(await store.countPresence(a, t0, ttl)).toEqual({
          moderators: 1,
          speakers: 0,
          audience: 0,
        });
        expect(await store.countPresence(b, t0, ttl)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 1,
        });
        expect(await store.countPresence(idOf("none"), t0, ttl)).toEqual({
          moderators: 0,
          speakers: 0,
          audience: 0,
        });
      });
    });

    describe("isolation", () => {
      it("STORE-ISO-1: mutating a returned session never changes the stored one", async () => {
        const session = sessionOf("iso");
        await store.create(session);
        const got = (await store.get(session.id)) as unknown as {
          title: string;
          participants: { email: string }[];
          live: { stage: { streamIds: string[] } };
        };
        got.title = "Mutated";
        got.participants[0]!.email = "intruder@example.com";
        got.live.stage.streamIds.push("str_x");
        expect(await store.get(session.id)).toEqual(session);
      });

      it("STORE-ISO-2: mutating the session or events given to the store never changes what it stored", async () => {
        const original = sessionOf("iso");
        const given = structuredClone(original) as unknown as {
          title: string;
          participants: unknown[];
        };
        const event = { ...eventOf(original), data: { list: [1] } };
        await store.create(given as unknown as LiveSession, [event]);
        given.title = "Mutated";
        given.participants.length = 0;
        (event.data.list as number[]).push(2);
        expect(await store.get(original.id)).toEqual(original);
        expect((await store.history(original.id))[0]?.data).toEqual({ list: [1] });
      });

      it("STORE-ISO-3: mutating returned history never changes the stored history", async () => {
        const session = sessionOf("iso");
        await store.create(session, [eventOf(session, { data: { n: 1 } })]);
        const history = (await store.history(session.id)) as unknown as {
          data: Record<string, unknown>;
        }[];
        history[0]!.data.n = 2;
        (history as unknown[]).length = 0;
        expect((await store.history(session.id))[0]?.data).toEqual({ n: 1 });
      });
    });
  });
}
