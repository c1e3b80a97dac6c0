// The shared behaviour every ChangeFeed must have (the rules written on the port). Implementations
// run it from their own tests, each test named after the rule it proves:
//   runChangeFeedContract("postgres", async () => ({ publisher, listening, createSession, saveNext }))
import type { ChangeFeed, LiveEvent, SessionChange } from "@onair/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aLiveEvent } from "./builders.js";

/** Two instances of a feed (or one feed twice) and the store the service saves to before publishing. */
export interface ChangeFeedContractSubject {
  /** Where changes are published: instance A. */
  readonly publisher: ChangeFeed;
  /** Where listeners subscribe: instance B (the same feed as `publisher` for a one-process feed). */
  readonly listening: ChangeFeed;
  /** Saves a new session at version 1, as the service does when it creates one. */
  createSession(sessionId: string): Promise<void>;
  /**
   * Saves the session's next version with `events`, as the service does before publishing, and
   * returns the change to publish.
   */
  saveNext(sessionId: string, events: readonly LiveEvent[]): Promise<SessionChange>;
  /** Resolves once `listening` listens and has delivered what it owes. */
  ready?(): Promise<void>;
  /** What travelled between the instances so far (raw notifications), for feeds that send any. */
  sent?(): readonly string[];
  /** Closes `listening` for good, for feeds that can be closed. */
  closeListening?(): Promise<void>;
  /**
   * Runs now the periodic comparison with the store, for feeds that make up for changes saved
   * but never announced (R-LIFE-6). Without it, the recovery rules are skipped.
   */
  resync?(): void | Promise<void>;
  /** Releases what the factory opened; runs after every test. */
  dispose?(): Promise<void>;
}

export type ChangeFeedContractFactory = () =>
  | ChangeFeedContractSubject
  | Promise<ChangeFeedContractSubject>;

export interface ChangeFeedContractOptions {
  /** How long a delivery may take (ms) before the rule counts as broken. Default 5,000. */
  readonly deliveryTimeoutMs?: number;
}

/** Records what a listener receives. */
function recorder() {
  const changes: SessionChange[] = [];
  return { changes, listener: (change: SessionChange) => void changes.push(change) };
}

/**
 * Registers a `describe` block proving that the feeds returned by `factory` honour the
 * ChangeFeed port. `factory` runs before every test; the session ids used are random, so a
 * database shared between tests never mixes them up.
 */
export function runChangeFeedContract(
  name: string,
  factory: ChangeFeedContractFactory,
  options: ChangeFeedContractOptions = {},
): void {
  const timeoutMs = options.deliveryTimeoutMs ?? 5_000;
  // Longer than a delivery may take, so a late delivery fails with the rule it broke, not with
  // the test runner's timeout.
  const testTimeoutMs = 3 * timeoutMs + 5_000;

  describe(`ChangeFeed contract: ${name}`, () => {
    let subject: ChangeFeedContractSubject;
    let run: string;

    beforeEach(async () => {
      subject = await factory();
      run = globalThis.crypto.randomUUID().slice(0, 8);
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    let count = 0;
    const newSession = async (label: string) => {
      const id = `ses_${label}${++count}_${run}`;
      await subject.createSession(id);
      return id;
    };
    const ready = async () => subject.ready?.();
    const eventOf = (sessionId: string, overrides: Partial<LiveEvent> = {}) =>
      aLiveEvent({ sessionId, ...overrides });
    /** Saves and announces the session's next version. */
    const publishNext = async (sessionId: string, events?: readonly LiveEvent[]) => {
      const change = await subject.saveNext(sessionId, events ?? [eventOf(sessionId)]);
      await subject.publisher.publish(sessionId, change);
      return change;
    };

    /** Waits until `done()` holds; the failure names the rule that broke. */
    async function delivered(rule: string, done: () => boolean): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > deadline) {
          throw new Error(`ChangeFeed rule broken (${rule}): not delivered within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    describe("delivery", () => {
      it(
        "delivery: a published change reaches every listener of its session, whole",
        async () => {
          const sessionId = await newSession("deliver");
          const first = recorder();
          const second = recorder();
          subject.listening.subscribe(sessionId, first.listener);
          subject.listening.subscribe(sessionId, second.listener);
          await ready();
          const change = await publishNext(sessionId, [
            eventOf(sessionId, { type: "live-started", reason: "on time", data: { by: "p_mod" } }),
            eventOf(sessionId, { type: "stage-changed", data: { streams: ["str_1", "str_2"] } }),
          ]);
          await delivered("delivery", () => first.changes.length > 0 && second.changes.length > 0);
          expect(first.changes, "delivery: the change as published").toEqual([change]);
          expect(second.changes, "delivery: every listener of the session").toEqual([change]);
        },
        testTimeoutMs,
      );

      it(
        "delivery: '*' listeners hear every session; a session's listeners only their own",
        async () => {
          const one = await newSession("one");
          const other = await newSession("other");
          const all = recorder();
          const mine = recorder();
          subject.listening.subscribe("*", all.listener);
          subject.listening.subscribe(one, mine.listener);
          await ready();
          const first = await publishNext(one);
          const second = await publishNext(other);
          const last = await publishNext(one);
          const ours = () =>
            all.changes.filter((c) => c.sessionId === one || c.sessionId === other);
          await delivered("delivery to '*'", () => ours().length >= 3);
          await delivered("delivery", () => mine.changes.length >= 2);
          expect(ours(), "delivery: '*' hears every session").toEqual([first, second, last]);
          expect(mine.changes, "delivery: a session's listeners hear only it").toEqual([
            first,
            last,
          ]);
        },
        testTimeoutMs,
      );

      it(
        "delivery: a large change (over 64 kB of events) arrives whole",
        async () => {
          const sessionId = await newSession("large");
          const onB = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          await ready();
          const events = Array.from({ length: 40 }, (_, i) =>
            eventOf(sessionId, {
              type: "stage-changed",
              data: { reason: `é${i}`.repeat(900), streamIds: [`str_${i}`] },
            }),
          );
          const change = await publishNext(sessionId, events);
          expect(new TextEncoder().encode(JSON.stringify(change)).length).toBeGreaterThan(64_000);
          await delivered("delivery of a large change", () => onB.changes.length > 0);
          expect(onB.changes, "delivery: a large change, whole").toEqual([change]);
        },
        testTimeoutMs,
      );
    });

    describe("order", () => {
      it(
        "order: versions arrive in increasing order, each once; a repeated or late change is not delivered again",
        async () => {
          const sessionId = await newSession("order");
          const onB = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          await ready();
          const v2 = await publishNext(sessionId);
          const v3 = await publishNext(sessionId);
          // Published again (a retry), then late (after a later version).
          await subject.publisher.publish(sessionId, v3);
          await subject.publisher.publish(sessionId, v2);
          // The last change marks the end: everything published before it has been handled.
          const v4 = await publishNext(sessionId);
          await delivered("order", () => onB.changes.some((c) => c.version === v4.version));
          expect(onB.changes, "order: each version once, in order").toEqual([v2, v3, v4]);
        },
        testTimeoutMs,
      );

      it(
        "order: a change announced after a later one (two publishers racing) never arrives after it",
        async () => {
          const sessionId = await newSession("race");
          const onB = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          await ready();
          const v2 = await subject.saveNext(sessionId, [eventOf(sessionId)]);
          const v3 = await subject.saveNext(sessionId, [eventOf(sessionId)]);
          await subject.publisher.publish(sessionId, v3);
          await subject.publisher.publish(sessionId, v2);
          const v4 = await publishNext(sessionId);
          await delivered("order", () => onB.changes.some((c) => c.version === v4.version));
          const versions = onB.changes.map((change) => change.version);
          expect(versions, "order: increasing, each once").toEqual(
            [...new Set(versions)].sort((a, b) => a - b),
          );
          expect(onB.changes, "order: the later change and the next one arrive").toEqual(
            expect.arrayContaining([v3, v4]),
          );
          // A feed backed by the store delivers the overtaken version first, from the store.
          if (subject.resync !== undefined) {
            expect(onB.changes, "order: the overtaken version, from the store").toEqual([
              v2,
              v3,
              v4,
            ]);
          }
        },
        testTimeoutMs,
      );
    });

    describe("subscription", () => {
      it(
        "subscription: a listener hears only what is published after it subscribed",
        async () => {
          const sessionId = await newSession("late");
          const witness = recorder();
          subject.listening.subscribe("*", witness.listener);
          await ready();
          const v2 = await publishNext(sessionId);
          await delivered("delivery to '*'", () => witness.changes.some((c) => c.version === 2));
          const late = recorder();
          subject.listening.subscribe(sessionId, late.listener);
          await ready();
          const v3 = await publishNext(sessionId);
          await delivered("delivery", () => late.changes.length > 0);
          expect(late.changes, "subscription: nothing from before it subscribed").toEqual([v3]);
          expect(witness.changes.filter((c) => c.sessionId === sessionId)).toEqual([v2, v3]);
        },
        testTimeoutMs,
      );

      it(
        "subscription: an unsubscribed listener hears nothing more, the others go on",
        async () => {
          const sessionId = await newSession("unsub");
          const kept = recorder();
          const gone = recorder();
          const goneAll = recorder();
          subject.listening.subscribe(sessionId, kept.listener);
          const unsubscribe = subject.listening.subscribe(sessionId, gone.listener);
          const unsubscribeAll = subject.listening.subscribe("*", goneAll.listener);
          await ready();
          const v2 = await publishNext(sessionId);
          await delivered("delivery", () => gone.changes.length > 0 && goneAll.changes.length > 0);
          unsubscribe();
          unsubscribeAll();
          unsubscribe();
          const v3 = await publishNext(sessionId);
          // The kept listener hearing v3 proves v3 was delivered to whoever still listens.
          await delivered("delivery after an unsubscribe", () => kept.changes.length >= 2);
          expect(kept.changes, "subscription: the others go on").toEqual([v2, v3]);
          expect(gone.changes, "subscription: nothing after unsubscribing").toEqual([v2]);
          expect(goneAll.changes.filter((c) => c.sessionId === sessionId)).toEqual([v2]);
        },
        testTimeoutMs,
      );
    });

    describe("isolation", () => {
      it(
        "isolation: a listener that throws stops neither the other listeners nor the publisher",
        async () => {
          const sessionId = await newSession("throws");
          const after = recorder();
          const all = recorder();
          subject.listening.subscribe(sessionId, () => {
            throw new Error("listener failure");
          });
          subject.listening.subscribe(sessionId, after.listener);
          subject.listening.subscribe("*", () => {
            throw new Error("listener failure");
          });
          subject.listening.subscribe("*", all.listener);
          await ready();
          const v2 = await publishNext(sessionId);
          const v3 = await publishNext(sessionId);
          await delivered("isolation", () => after.changes.length >= 2);
          await delivered(
            "isolation",
            () => all.changes.filter((c) => c.sessionId === sessionId).length >= 2,
          );
          expect(after.changes, "isolation: the other listeners").toEqual([v2, v3]);
          expect(all.changes.filter((c) => c.sessionId === sessionId)).toEqual([v2, v3]);
        },
        testTimeoutMs,
      );
    });

    describe("privacy", () => {
      it(
        "R-DATA-1: no email, admin id or unlisted field travels between instances; listeners still get the whole change",
        async () => {
          const sessionId = await newSession("email");
          const onB = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          await ready();
          const before = subject.sent?.().length ?? 0;
          const change = await publishNext(sessionId, [
            eventOf(sessionId, {
              type: "participant-added",
              data: { email: "new.speaker@example.com", role: "speaker", personKey: "p_new" },
            }),
            eventOf(sessionId, {
              type: "participant-removed",
              data: { removed: [{ email: "Other.Person@Example.org", role: "moderator" }] },
            }),
            // An admin id is personal data; a field off the allow-list never travels either.
            eventOf(sessionId, {
              type: "session-updated",
              actor: { kind: "admin", id: "adm_7Qx9Lk" },
              data: { fields: ["title"], viewerKey: "vk_Zr81Tq" },
            }),
          ]);
          await delivered("delivery with emails", () => onB.changes.length > 0);
          expect(onB.changes, "R-DATA-1: listeners get the whole change").toEqual([change]);
          if (subject.sent !== undefined) {
            const travelled = subject.sent().slice(before).join("\n");
            expect(travelled, "R-DATA-1: the change did travel").toContain(sessionId);
            expect(travelled, "R-DATA-1: no email travels").not.toMatch(/@|example\.(com|org)/i);
            expect(travelled, "R-DATA-1: no admin id travels").not.toContain("adm_7Qx9Lk");
            expect(travelled, "R-DATA-1: only allowed fields travel").not.toContain("vk_Zr81Tq");
          }
        },
        testTimeoutMs,
      );
    });

    describe("close", () => {
      it(
        "close: a closed feed delivers nothing more; the publisher goes on",
        async (ctx) => {
          const closeListening = subject.closeListening;
          if (closeListening === undefined) return ctx.skip("the feed cannot be closed");
          const sessionId = await newSession("close");
          const closed = recorder();
          const onA = recorder();
          subject.listening.subscribe(sessionId, closed.listener);
          subject.publisher.subscribe(sessionId, onA.listener);
          await ready();
          const v2 = await publishNext(sessionId);
          await delivered("delivery", () => closed.changes.length > 0 && onA.changes.length > 0);
          await closeListening.call(subject);
          const v3 = await publishNext(sessionId);
          await delivered("delivery on the publisher", () => onA.changes.length >= 2);
          // Time for a late delivery to show, had the closed feed kept one.
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(onA.changes).toEqual([v2, v3]);
          expect(closed.changes, "close: nothing after close").toEqual([v2]);
        },
        testTimeoutMs,
      );
    });

    describe("recovery (feeds backed by the store)", () => {
      it(
        "R-LIFE-6: a version saved but never announced arrives before the next announced one",
        async (ctx) => {
          if (subject.resync === undefined) return ctx.skip("the feed does not read the store");
          const sessionId = await newSession("gap");
          const onB = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          await ready();
          const v2 = await subject.saveNext(sessionId, [
            eventOf(sessionId, { type: "live-started" }),
          ]);
          const v3 = await publishNext(sessionId, [eventOf(sessionId, { type: "live-stopped" })]);
          await delivered("R-LIFE-6 recovery", () => onB.changes.length >= 2);
          expect(onB.changes, "R-LIFE-6: the missed version first, then the announced one").toEqual(
            [v2, v3],
          );
        },
        testTimeoutMs,
      );

      it(
        "R-LIFE-6: a change saved and never announced reaches listeners at the next resync, once",
        async (ctx) => {
          const resync = subject.resync;
          if (resync === undefined) return ctx.skip("the feed does not read the store");
          const sessionId = await newSession("silent");
          const onB = recorder();
          const all = recorder();
          subject.listening.subscribe(sessionId, onB.listener);
          subject.listening.subscribe("*", all.listener);
          await ready();
          const v2 = await subject.saveNext(sessionId, [eventOf(sessionId)]);
          await resync.call(subject);
          await delivered("R-LIFE-6 resync", () => onB.changes.length > 0);
          await resync.call(subject);
          const v3 = await publishNext(sessionId);
          await delivered("delivery after a resync", () => onB.changes.length >= 2);
          expect(onB.changes, "R-LIFE-6: delivered once, in order").toEqual([v2, v3]);
          await delivered("R-LIFE-6 resync to '*'", () =>
            all.changes.some((c) => c.sessionId === sessionId && c.version === v3.version),
          );
          expect(all.changes.filter((c) => c.sessionId === sessionId)).toEqual([v2, v3]);
        },
        testTimeoutMs,
      );
    });
  });
}
