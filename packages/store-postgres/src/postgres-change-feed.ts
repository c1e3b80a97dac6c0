// The ChangeFeed port on LISTEN/NOTIFY, so a change saved on one instance reaches the listeners of
// every instance. What NOTIFY cannot guarantee (delivery while disconnected, order between
// publishers, payloads over 8000 bytes) is made up from the store's versioned history.
import {
  type ChangeFeed,
  type ChangeListener,
  type Logger,
  type Scheduler,
  type SessionChange,
  silentLogger,
  systemScheduler,
} from "@onair/core";
import { type ChangeNotice, decodeChange, encodeChange } from "./change-payload.js";
import { type PostgresConnectionOptions, resolveDatabase } from "./connection-options.js";
import { quoteIdentifier } from "./identifiers.js";
import { openListeningConnection, type ReconnectOptions } from "./listening-connection.js";
import type { PostgresStore } from "./postgres-store.js";
import { errorCode, toStoreError } from "./store-errors.js";

export interface PostgresChangeFeedOptions {
  /** Where missed, oversized or redacted changes are read back from. */
  readonly store: PostgresStore;
  /** The database to LISTEN and NOTIFY on. Default: the store's. */
  readonly connection?: PostgresConnectionOptions;
  /** NOTIFY channel (a lower-case identifier). Default `<schema>_changes`. */
  readonly channel?: string;
  readonly logger?: Logger;
  readonly reconnect?: ReconnectOptions;
  /**
   * How often the listening connection is checked with a round trip (ms), which must come back
   * within that time or the connection is dropped and opened again. Default 15 s; 0 turns it off.
   */
  readonly healthCheckMs?: number;
  /**
   * How often the feed compares the versions it delivered with the store (one query) and
   * delivers what no notification announced, e.g. when a publisher crashed between its write and
   * its NOTIFY (ms). Default 15 s; 0 turns it off.
   */
  readonly resyncMs?: number;
  /**
   * How many sessions the feed keeps track of for `'*'` listeners alone (sessions with listeners
   * of their own are always tracked); the least recently changed are forgotten first. Default 1,000.
   */
  readonly maxWildcardSessions?: number;
  /**
   * The time and timers the feed runs on: health checks, periodic resyncs, reconnect delays and
   * the idle forgetting of '*' sessions. Default: the real ones (`systemScheduler`); tests pass
   * `createTestScheduler()` from `@onair/testing` and move time on instead of waiting.
   */
  readonly scheduler?: Scheduler;
}

export interface PostgresChangeFeed extends ChangeFeed {
  /** Resolves once the feed listens and has caught up with what it owed its listeners. */
  ready(): Promise<void>;
  /** Stops listening; ends the connection only if the feed opened it from a connection string. */
  close(): Promise<void>;
}

/** Per tracked session: what was delivered, so nothing is given twice, skipped or reordered. */
interface Tracked {
  /** Highest version delivered (or read from the store when the first listener came). */
  lastVersion: number | undefined;
  /**
   * The version read when the first listener came: its notification may still be on its way
   * (the change was saved just before), and is then delivered, once.
   */
  baseline: number | undefined;
  queue: Promise<void>;
  /** Tasks queued or running: a session with work in flight is never forgotten. */
  busy: number;
  /** A catch-up from the store is queued and has not started yet. */
  catchUpQueued: boolean;
}

/** Margin added to the time looked back when listing the sessions changed meanwhile. */
const resyncMarginMs = 60_000;
/** Store reads the resync runs at once, so a reconnect with many sessions does not flood the pool. */
const maxConcurrentReads = 8;

export function createPostgresChangeFeed(options: PostgresChangeFeedOptions): PostgresChangeFeed {
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const channel = options.channel ?? `${store.schema}_changes`;
  quoteIdentifier(channel, "channel");
  const db =
    options.connection === undefined ? store.database : resolveDatabase(options.connection);
  const ownsDatabase = options.connection !== undefined && "connectionString" in options.connection;
  const resyncMs = options.resyncMs ?? 15_000;
  const maxWildcard = options.maxWildcardSessions ?? 1_000;
  const scheduler = options.scheduler ?? systemScheduler;
  // Longer than any periodic look-back, so a session forgotten for being idle cannot come back
  // from the store as if it had been missed.
  const wildcardIdleMs = 2 * (resyncMs > 0 ? resyncMs : 15_000) + resyncMarginMs;

  const listeners = new Map<string, Set<ChangeListener>>();
  const tracked = new Map<string, Tracked>();
  /** Sessions tracked for '*' listeners alone, least recently used first, with that instant. */
  const wildcardOnly = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  let closed = false;
  /** When the last listing of recent changes for '*' listeners started (null: none listens). */
  let wildcardScannedAt: number | null = null;

  const subscribed = (sessionId: string) => (listeners.get(sessionId)?.size ?? 0) > 0;
  const wildcard = () => (listeners.get("*")?.size ?? 0) > 0;
  const hasListeners = (sessionId: string) => subscribed(sessionId) || wildcard();

  /** Lets `ready()` wait for `work`, which never rejects. */
  const keep = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  let reading = 0;
  const readWaiters: (() => void)[] = [];
  const limited = async <T>(read: () => Promise<T>): Promise<T> => {
    while (reading >= maxConcurrentReads) {
      await new Promise<void>((resolve) => readWaiters.push(resolve));
    }
    reading++;
    try {
      return await read();
    } finally {
      reading--;
      readWaiters.shift()?.();
    }
  };

  const deliver = (change: SessionChange) => {
    for (const key of [change.sessionId, "*"]) {
      for (const listener of [...(listeners.get(key) ?? [])]) {
        try {
          listener(change);
        } catch {
          // A listener's failure is its own; the change is still delivered to the rest.
        }
      }
    }
  };

  /** Marks a '*'-only session as just used (it moves to the end of the forgetting order). */
  const used = (sessionId: string) => {
    if (subscribed(sessionId) || !tracked.has(sessionId)) return;
    wildcardOnly.delete(sessionId);
    wildcardOnly.set(sessionId, scheduler.now());
  };

  /** Forgets '*'-only sessions over the bound or idle for long, least recently used first. */
  const forgetIdle = (except?: string) => {
    const now = scheduler.now();
    for (const [sessionId, usedAt] of wildcardOnly) {
      if (wildcardOnly.size <= maxWildcard && now - usedAt < wildcardIdleMs) break;
      const state = tracked.get(sessionId);
      if (sessionId === except || (state !== undefined && state.busy > 0)) continue;
      wildcardOnly.delete(sessionId);
      if (!subscribed(sessionId)) tracked.delete(sessionId);
    }
  };

  const track = (sessionId: string): Tracked => {
    let state = tracked.get(sessionId);
    if (state === undefined) {
      state = {
        lastVersion: undefined,
        baseline: undefined,
        queue: Promise.resolve(),
        busy: 0,
        catchUpQueued: false,
      };
      tracked.set(sessionId, state);
      if (!subscribed(sessionId)) {
        used(sessionId);
        forgetIdle(sessionId);
      }
    }
    return state;
  };

  /** Runs `task` after the session's earlier tasks, so its changes are delivered in order. */
  const enqueue = (sessionId: string, state: Tracked, task: () => Promise<void>) => {
    state.busy++;
    const run = state.queue
      .then(async () => {
        if (closed || tracked.get(sessionId) !== state) return;
        try {
          await task();
        } catch (error) {
          logger.warn(
            { sessionId, code: errorCode(error) },
            "change feed could not read the store",
          );
        }
      })
      .finally(() => {
        state.busy--;
      });
    state.queue = run;
    keep(run);
  };

  const deliverChange = (state: Tracked, change: SessionChange) => {
    deliver(change);
    if (state.lastVersion === undefined || change.version > state.lastVersion) {
      state.lastVersion = change.version;
    }
    state.baseline = undefined;
    used(change.sessionId);
  };

  /** Delivers, from the store, the versions after the last delivered one (up to `until`). */
  const catchUp = async (sessionId: string, state: Tracked, until = Number.POSITIVE_INFINITY) => {
    const after = state.lastVersion;
    if (after === undefined) return;
    for (const change of await store.changesSince(sessionId, after)) {
      if (change.version > until) break;
      if (state.lastVersion !== undefined && change.version <= state.lastVersion) continue;
      deliverChange(state, change);
    }
  };

  /** Nothing known to compare with: hands over the latest change, the listener reloads from it. */
  const deliverLatest = async (sessionId: string, state: Tracked, version?: number) => {
    let latest = version;
    if (latest === undefined) {
      const session = await store.get(sessionId);
      if (session === null) return;
      latest = session.version;
    }
    for (const change of await store.changesSince(sessionId, latest - 1)) {
      if (state.lastVersion !== undefined && change.version <= state.lastVersion) continue;
      deliverChange(state, change);
    }
  };

  /** Queues one catch-up from the store for a session the store shows ahead (at most one waits). */
  const queueCatchUp = (sessionId: string, state: Tracked, version?: number) => {
    if (state.catchUpQueued) return;
    state.catchUpQueued = true;
    enqueue(sessionId, state, async () => {
      state.catchUpQueued = false;
      await limited(() =>
        state.lastVersion === undefined
          ? deliverLatest(sessionId, state, version)
          : catchUp(sessionId, state),
      );
    });
  };

  const receive = async (sessionId: string, state: Tracked, notice: ChangeNotice) => {
    const last = state.lastVersion;
    // Repeated, or late (already delivered from the store): each version is given once, in order.
    // The one exception is the version read at subscription, announced just after it.
    if (last !== undefined && notice.version <= last) {
      if (notice.version !== last || state.baseline !== last) return;
    }
    // A gap means a notification was lost or overtaken: the store has the versions in between.
    // Should the store be unreadable right then, the announced change is delivered all the same
    // (listeners that reload the session, like the service's, end up current) and the skipped
    // versions are logged as an error.
    if (last !== undefined && notice.version > last + 1) {
      const from = last + 1;
      await catchUp(sessionId, state, notice.version - 1).catch((error: unknown) =>
        logger.error(
          { sessionId, from, to: notice.version - 1, code: errorCode(error) },
          "change feed could not read missed versions from the store",
        ),
      );
    }
    let events = notice.events;
    // Too large for NOTIFY, or without its emails: the whole change is in the store.
    if (events === undefined || notice.redacted === true) {
      try {
        const stored = await store.changesSince(sessionId, notice.version - 1);
        events = stored.find((change) => change.version === notice.version)?.events ?? events ?? [];
      } catch (error) {
        logger.warn(
          { sessionId, code: errorCode(error) },
          "change feed could not read a change's events from the store",
        );
        events ??= [];
      }
    }
    deliverChange(state, { sessionId, version: notice.version, events });
  };

  let sweeps: Promise<void> = Promise.resolve();
  let periodicQueued = false;

  /**
   * Compares every tracked session with the store in one query and delivers what was missed; with
   * `wildcardWindowMs`, also lists the sessions changed within it, for '*' listeners.
   */
  const sweep = async (wildcardWindowMs: number | null) => {
    if (closed) return;
    // Subscriptions whose first read is on its way are waited for, so they are compared too.
    await Promise.all(
      [...tracked.values()].filter((state) => state.lastVersion === undefined).map((s) => s.queue),
    );
    forgetIdle();
    const known: string[] = [];
    for (const [sessionId, state] of tracked) {
      if (state.lastVersion !== undefined) known.push(sessionId);
      // Its first read failed: nothing to compare with, the latest change is handed over.
      else if (subscribed(sessionId)) queueCatchUp(sessionId, state);
    }
    if (known.length > 0) {
      try {
        for (const { sessionId, version } of await store.versionsOf(known)) {
          const state = tracked.get(sessionId);
          if (state?.lastVersion !== undefined && version > state.lastVersion) {
            queueCatchUp(sessionId, state);
          }
        }
      } catch (error) {
        if (!closed)
          logger.warn({ code: errorCode(error) }, "change feed could not compare versions");
      }
    }
    if (closed || wildcardWindowMs === null || !wildcard()) return;
    const startedAt = scheduler.now();
    try {
      const recent = await store.recentlyChanged(wildcardWindowMs);
      if (wildcardScannedAt !== null) wildcardScannedAt = startedAt;
      for (const { sessionId, version } of recent) {
        if (!wildcard()) break;
        const state = tracked.get(sessionId) ?? track(sessionId);
        if (state.lastVersion === undefined || version > state.lastVersion) {
          queueCatchUp(sessionId, state, version);
        }
      }
    } catch (error) {
      logger.warn({ code: errorCode(error) }, "change feed could not list recent changes");
    }
  };

  /** Runs sweeps one after the other; `window` is computed when the sweep starts. */
  const scheduleSweep = (window: () => number | null, owed: boolean) => {
    const run = sweeps.then(() => sweep(window()));
    sweeps = run;
    if (owed) keep(run);
  };

  /** The first '*' listener: sessions changed lately are where its resync starts from. */
  const startWildcard = () => {
    wildcardScannedAt = scheduler.now();
    const run = sweeps.then(async () => {
      try {
        for (const { sessionId, version } of await store.recentlyChanged(resyncMarginMs)) {
          if (tracked.has(sessionId) || !wildcard()) continue;
          const state = track(sessionId);
          state.lastVersion = version;
          state.baseline = version;
        }
      } catch (error) {
        logger.warn({ code: errorCode(error) }, "change feed could not list recent changes");
      }
    });
    sweeps = run;
    keep(run);
  };

  const onListening = (downMs: number | null) => {
    // Anything saved while nothing listened has no notification: the store is compared.
    scheduleSweep(() => {
      if (downMs === null) return null;
      const sinceScan = wildcardScannedAt === null ? 0 : scheduler.now() - wildcardScannedAt;
      return (resyncMs > 0 ? Math.max(downMs, sinceScan) : downMs) + resyncMarginMs;
    }, true);
  };

  const onNotification = (payload: string) => {
    const notice = decodeChange(payload);
    if (notice === null) {
      logger.warn({ channel }, "change feed ignored a notification it could not read");
      return;
    }
    if (!hasListeners(notice.sessionId)) return;
    const state = track(notice.sessionId);
    enqueue(notice.sessionId, state, () => receive(notice.sessionId, state, notice));
  };

  const connection = openListeningConnection({
    db,
    channel,
    logger,
    onNotification,
    onListening,
    scheduler,
    ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    ...(options.healthCheckMs === undefined ? {} : { healthCheckMs: options.healthCheckMs }),
  });

  // The safety net for notifications that never came (a publisher that crashed or failed after
  // its write): what the store has beyond what was delivered is delivered from it.
  let cancelResync: (() => void) | undefined;
  if (resyncMs > 0) {
    cancelResync = scheduler.every(resyncMs, () => {
      if (closed || periodicQueued) return;
      periodicQueued = true;
      scheduleSweep(() => {
        periodicQueued = false;
        return wildcardScannedAt === null
          ? null
          : scheduler.now() - wildcardScannedAt + resyncMarginMs;
      }, false);
    });
  }

  /** Forgets a session nobody listens to any more (a '*' listener listens to all). */
  const untrack = (sessionId: string) => {
    if (subscribed(sessionId)) return;
    if (wildcard()) {
      used(sessionId);
      forgetIdle();
    } else {
      tracked.delete(sessionId);
      wildcardOnly.delete(sessionId);
    }
  };

  return {
    async publish(sessionId, change) {
      const payload = encodeChange({ ...change, sessionId });
      try {
        await db.query("SELECT pg_notify($1, $2)", [channel, payload]);
      } catch (error) {
        throw toStoreError(error);
      }
    },

    subscribe(sessionId, listener) {
      const set = listeners.get(sessionId) ?? new Set<ChangeListener>();
      set.add(listener);
      listeners.set(sessionId, set);
      if (sessionId === "*") {
        if (wildcardScannedAt === null) startWildcard();
      } else {
        wildcardOnly.delete(sessionId);
        if (!tracked.has(sessionId)) {
          // The version at subscription is where the comparisons with the store start from.
          const state = track(sessionId);
          enqueue(sessionId, state, async () => {
            if (state.lastVersion !== undefined) return;
            const [current] = await store.versionsOf([sessionId]);
            if (state.lastVersion === undefined) {
              state.lastVersion = current?.version ?? 0;
              state.baseline = state.lastVersion;
            }
          });
        }
      }
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(sessionId) === set) listeners.delete(sessionId);
        if (sessionId !== "*") untrack(sessionId);
        else if (!wildcard()) {
          wildcardScannedAt = null;
          for (const id of [...tracked.keys()]) untrack(id);
        }
      };
    },

    async ready() {
      await connection.ready();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    async close() {
      closed = true;
      cancelResync?.();
      listeners.clear();
      tracked.clear();
      wildcardOnly.clear();
      await connection.close();
      if (ownsDatabase) await db.close();
    },
  };
}
