import { silentLogger } from "@onair/core";
import { createTestClock, createTestScheduler, type TestScheduler } from "@onair/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { NotificationHandlers, PostgresDatabase } from "./database.js";
import { type ListeningConnection, openListeningConnection } from "./listening-connection.js";

/** A database whose LISTEN can be made to fail, dropped, or silently die. */
function fakeDatabase(scheduler: TestScheduler) {
  let failuresLeft = 0;
  let dead = false;
  let hanging = false;
  const opened: { handlers: NotificationHandlers; closed: boolean; checks: number }[] = [];
  const attempts: number[] = [];
  const db: PostgresDatabase = {
    query: async () => ({ rows: [] }),
    transaction: async (work) => work(db),
    async listen(_channel, handlers) {
      attempts.push(scheduler.now());
      if (failuresLeft > 0) {
        failuresLeft--;
        throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      }
      dead = false;
      hanging = false;
      const entry = { handlers, closed: false, checks: 0 };
      opened.push(entry);
      return {
        check: async () => {
          entry.checks++;
          if (dead) throw new Error("timeout");
          // A network that swallows packets: the round trip never comes back, and no error comes.
          if (hanging) await new Promise(() => {});
        },
        close: async () => {
          entry.closed = true;
        },
      };
    },
    close: async () => {},
  };
  return {
    db,
    opened,
    attempts,
    failNext: (count: number) => {
      failuresLeft = count;
    },
    dieSilently: () => {
      dead = true;
    },
    swallowPackets: () => {
      hanging = true;
    },
    latest: () => opened[opened.length - 1],
  };
}

describe("listening connection", () => {
  const open: ListeningConnection[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((connection) => connection.close()));
  });

  let scheduler: TestScheduler;
  const newFake = () => {
    scheduler = createTestScheduler(createTestClock(0));
    return fakeDatabase(scheduler);
  };

  function listen(fake: ReturnType<typeof fakeDatabase>, healthCheckMs = 0) {
    const received: string[] = [];
    const listenings: (number | null)[] = [];
    const connection = openListeningConnection({
      db: fake.db,
      channel: "onair_changes",
      logger: silentLogger,
      reconnect: { minDelayMs: 20, maxDelayMs: 80 },
      healthCheckMs,
      scheduler,
      onNotification: (payload) => received.push(payload),
      onListening: (downMs) => listenings.push(downMs),
    });
    open.push(connection);
    return { connection, received, listenings };
  }

  it("listens at once and says so once, as a first start (no downtime)", async () => {
    const fake = newFake();
    const { connection, received, listenings } = listen(fake);
    await connection.ready();
    fake.latest()?.handlers.onNotification("hello");
    expect(received).toEqual(["hello"]);
    expect(listenings).toEqual([null]);
  });

  it("after a drop, listens again and reports the downtime, ignoring the dead link", async () => {
    const fake = newFake();
    const { connection, received, listenings } = listen(fake);
    await connection.ready();
    const first = fake.latest()!;
    first.handlers.onLost(new Error("terminated"));
    expect(first.closed).toBe(true);
    first.handlers.onNotification("late, from the dead link");
    await scheduler.advanceAsync(60);
    await connection.ready();
    expect(fake.opened).toHaveLength(2);
    expect(listenings).toHaveLength(2);
    expect(listenings[1]).toBeGreaterThanOrEqual(0);
    // Down from the drop to the reconnect: the first delay, 20 ms with jitter in [½, 1].
    expect(listenings[1]).toBeGreaterThanOrEqual(10);
    expect(listenings[1]).toBeLessThanOrEqual(20);
    fake.latest()?.handlers.onNotification("after");
    expect(received).toEqual(["after"]);
  });

  it("retries a failing LISTEN with growing delays, capped, until it works", async () => {
    const fake = newFake();
    fake.failNext(4);
    const { connection, listenings } = listen(fake);
    await scheduler.advanceAsync(1_000);
    await connection.ready();
    expect(fake.attempts).toHaveLength(5);
    const gaps = fake.attempts.slice(1).map((at, i) => at - fake.attempts[i]!);
    // 20·2^n ms with jitter in [½, 1], capped at 80 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    for (const gap of gaps) expect(gap).toBeLessThan(80 + 40);
    expect(gaps[3]).toBeGreaterThanOrEqual(39);
    // Exactly, on the test clock: 20, 40, 80, 80 (capped) ms, each with jitter in [½, 1].
    for (const [i, gap] of gaps.entries()) {
      const full = Math.min(80, 20 * 2 ** i);
      expect(gap).toBeGreaterThanOrEqual(full / 2);
      expect(gap).toBeLessThanOrEqual(full);
    }
    expect(listenings).toEqual([null]);
  });

  it("finds a silently dead link with the periodic check and reconnects", async () => {
    const fake = newFake();
    const { connection, listenings } = listen(fake, 20);
    await connection.ready();
    fake.dieSilently();
    await scheduler.advanceAsync(150);
    await connection.ready();
    expect(fake.opened.length).toBeGreaterThanOrEqual(2);
    expect(fake.opened[0]?.closed).toBe(true);
    expect(listenings.length).toBeGreaterThanOrEqual(2);
  });

  it("a check that never comes back counts as a dead link; checks never pile up on it", async () => {
    const fake = newFake();
    const { connection, listenings } = listen(fake, 20);
    await connection.ready();
    fake.swallowPackets();
    await scheduler.advanceAsync(200);
    await connection.ready();
    expect(fake.opened.length).toBeGreaterThanOrEqual(2);
    const first = fake.opened[0]!;
    expect(first.closed).toBe(true);
    // The hanging check was the last one sent on that link (a check before it may have answered).
    expect(first.checks).toBeLessThanOrEqual(2);
    expect(listenings.length).toBeGreaterThanOrEqual(2);
  });

  it("stops for good when closed, even while waiting to reconnect", async () => {
    const fake = newFake();
    const { connection } = listen(fake);
    await connection.ready();
    fake.latest()?.handlers.onLost(new Error("terminated"));
    await connection.close();
    expect(scheduler.pending()).toBe(0);
    await scheduler.advanceAsync(120);
    expect(fake.opened).toHaveLength(1);
    await connection.ready();
  });
});
