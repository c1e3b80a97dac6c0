import { describe, expect, it } from "vitest";
import type { PgPoolClientLike, PgPoolLike } from "./pg-database.js";
import { fromPgPool, ownedPoolConfig } from "./pg-database.js";

describe("pool created from a connection string", () => {
  it("has connect, statement and query timeouts by default", () => {
    expect(ownedPoolConfig("postgres://db/app")).toEqual({
      connectionString: "postgres://db/app",
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      query_timeout: 30_000,
    });
  });

  it("takes the caller's timeouts, 0 turning one off", () => {
    expect(
      ownedPoolConfig("postgres://db/app", { connectMs: 2_000, statementMs: 0, queryMs: 5_000 }),
    ).toEqual({
      connectionString: "postgres://db/app",
      keepAlive: true,
      connectionTimeoutMillis: 2_000,
      query_timeout: 5_000,
    });
  });
});

describe("listening on a pool", () => {
  /** A pool whose connections hang (a network that swallows packets) until told otherwise. */
  function hangingPool(answers: readonly string[] = []) {
    const released: unknown[] = [];
    let answer: ((client: PgPoolClientLike) => void) | undefined;
    const client: PgPoolClientLike = {
      query: (text) =>
        answers.some((prefix) => text.startsWith(prefix))
          ? Promise.resolve({ rows: [] })
          : new Promise(() => {}),
      release: (error) => void released.push(error),
      on: () => client,
      removeListener: () => client,
    };
    const pool: PgPoolLike = {
      query: () => new Promise(() => {}),
      connect: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
      end: async () => {},
    };
    return { pool, client, released, connectNow: () => answer?.(client) };
  }

  const handlers = { onNotification: () => {}, onLost: () => {} };

  it("gives up a connect that does not come, and destroys the connection should it come late", async () => {
    const hanging = hangingPool();
    const db = fromPgPool(hanging.pool, false, { listenTimeoutMs: 50 });
    await expect(db.listen("onair_changes", handlers)).rejects.toMatchObject({ code: "ETIMEDOUT" });
    hanging.connectNow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hanging.released).toEqual([expect.any(Error)]);
  });

  it("gives up a LISTEN that gets no answer, destroying the connection", async () => {
    const hanging = hangingPool();
    const db = fromPgPool(hanging.pool, false, { listenTimeoutMs: 50 });
    const listening = db.listen("onair_changes", handlers);
    hanging.connectNow();
    await expect(listening).rejects.toMatchObject({ code: "ETIMEDOUT" });
    expect(hanging.released).toEqual([expect.any(Error)]);
  });

  it("a check without an answer in time loses the connection and destroys it", async () => {
    const hanging = hangingPool(["LISTEN"]);
    const lost: unknown[] = [];
    const db = fromPgPool(hanging.pool, false, { listenTimeoutMs: 5_000 });
    const listening = db.listen("onair_changes", { ...handlers, onLost: (e) => lost.push(e) });
    hanging.connectNow();
    const handle = await listening;
    await expect(handle.check(30)).rejects.toMatchObject({ code: "ETIMEDOUT" });
    expect(lost).toHaveLength(1);
    expect(hanging.released).toEqual([expect.any(Error)]);
  });

  it("close() does not wait for an UNLISTEN that gets no answer: the connection is destroyed", async () => {
    const hanging = hangingPool(["LISTEN"]);
    const db = fromPgPool(hanging.pool, false, { listenTimeoutMs: 50 });
    const listening = db.listen("onair_changes", handlers);
    hanging.connectNow();
    const handle = await listening;
    const started = Date.now();
    await handle.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(hanging.released).toEqual([expect.any(Error)]);
  });
});
