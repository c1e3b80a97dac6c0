// The ChangeFeed port on LISTEN/NOTIFY, so a change saved on one instance reaches the listeners of
// every instance. What NOTIFY cannot guarantee (delivery while disconnected, order between
// publishers, payloads over 8000 bytes) is made up from the store's versioned history.
import {
  type ChangeFeed,
  type ChangeListener,
  type Logger,
  type SessionChange,
  silentLogger,
} from "@onair/core";
import { type ChangeNotice, decodeChange, encodeChange } from "./change-payload.js";
import { type PostgresConnectionOptions, resolveDatabase } from "./connection-options.js";
import { quoteIdentifier } from "./identifiers.js";
import { openListeningConnection, type ReconnectOptions } from "./listening-connection.js";
import type { PostgresStore } from "./postgres-store.js";
import { errorCode, toStoreError } from "./store-errors.js";

export interface PostgresChangeFeedOptions {
  /** Where missed or oversized changes are read back from. */
  readonly store: PostgresStore;
  /** The database to LISTEN and NOTIFY on. Default: the store's. */
  readonly connection?: PostgresConnectionOptions;
  /** NOTIFY channel (a lower-case identifier). Default `<schema>_changes`. */
  readonly channel?: string;
  readonly logger?: Logger;
  readonly reconnect?: ReconnectOptions;
  /** How often the listening connection is checked with a round trip (ms). Default 15 s. */
  readonly healthCheckMs?: number;
}

export interface PostgresChangeFeed extends ChangeFeed {
  /** Resolves once the feed listens and has caught up with what it owed its listeners. */
  ready(): Promise<void>;
  /** Stops listening; ends the connection only if the feed opened it from a connection string. */
  close(): Promise<void>;
}

/** Per session with listeners: what was delivered, so nothing is given twice or skipped. */
interface Tracked {
  /** Highest version delivered (or read from the store when the first listener came). */
  lastVersion: number | undefined;
  /** Versions delivered from the store whose own notification may still arrive. */
  readonly fromStore: Set<number>;
  queue: Promise<void>;
}

/** Margin added to the downtime when looking for sessions changed while disconnected. */
const resyncMarginMs = 60_000;
const maxRemembered = 1_000;

export function createPostgresChangeFeed(options: PostgresChangeFeedOptions): PostgresChangeFeed {
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const channel = options.channel ?? `${store.schema}_changes`;
  quoteIdentifier(channel, "channel");
  const db =
    options.connection === undefined ? store.database : resolveDatabase(options.connection);
  const ownsDatabase = options.connection !== undefined && "connectionString" in options.connection;

  const listeners = new Map<string, Set<ChangeListener>>();
  const tracked = new Map<string, Tracked>();
  const pending = new Set<Promise<void>>();
  let closed = false;

  const hasListeners = (sessionId: string) =>
    (listeners.get(sessionId)?.size ?? 0) > 0 || (listeners.get("*")?.size ?? 0) > 0;

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

  const track = (sessionId: string): Tracked => {
    let state = tracked.get(sessionId);
    if (state === undefined) {
      state = { lastVersion: undefined, fromStore: new Set(), queue: Promise.resolve() };
      tracked.set(sessionId, state);
    }
    return state;
  };

  /** Runs `task` after the session's earlier tasks, so its changes are delivered in order. */
  const enqueue = (sessionId: string, state: Tracked, task: () => Promise<void>) => {
    const run = state.queue.then(async () => {
      if (closed || tracked.get(sessionId) !== state) return;
      try {
        await task();
      } catch (error) {
        logger.warn({ sessionId, code: errorCode(error) }, "change feed could not read the store");
      }
    });
    state.queue = run;
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const deliverFromStore = (state: Tracked, change: SessionChange) => {
    deliver(change);
    state.fromStore.add(change.version);
    if (state.fromStore.size > maxRemembered) {
      const oldest = Math.min(...state.fromStore);
      state.fromStore.delete(oldest);
    }
    state.lastVersion = Math.max(state.lastVersion ?? change.version, change.version);
  };

  /** Delivers, from the store, the versions after the last delivered one (up to `until`). */
  const catchUp = async (sessionId: string, state: Tracked, until = Number.POSITIVE_INFINITY) => {
    const after = state.lastVersion;
    if (after === undefined) return;
    for (const change of await store.changesSince(sessionId, after)) {
      if (change.version > until) break;
      deliverFromStore(state, change);
    }
  };

  const receive = async (sessionId: string, state: Tracked, notice: ChangeNotice) => {
    // Already given from the store while this notification was on its way.
    if (state.fromStore.delete(notice.version)) return;
    // A gap means a notification was lost or overtaken: the store has the versions in between.
    // Should the store be unreadable right then, the announced change is delivered all the same
    // (listeners that reload the session, like the service's, end up current) and the skipped
    // versions are logged as an error.
    if (state.lastVersion !== undefined && notice.version > state.lastVersion + 1) {
      const from = state.lastVersion + 1;
      await catchUp(sessionId, state, notice.version - 1).catch((error: unknown) =>
        logger.error(
          { sessionId, from, to: notice.version - 1, code: errorCode(error) },
          "change feed could not read missed versions from the store",
        ),
      );
    }
    let events = notice.events;
    if (events === undefined) {
      try {
        const stored = await store.changesSince(sessionId, notice.version - 1);
        events = stored.find((change) => change.version === notice.version)?.events ?? [];
      } catch (error) {
        logger.warn(
          { sessionId, code: errorCode(error) },
          "change feed could not read a large change",
        );
        events = [];
      }
    }
    deliver({ sessionId, version: notice.version, events });
    state.lastVersion = Math.max(state.lastVersion ?? notice.version, notice.version);
  };

  /** After a (re)connect: gives each listened session what it missed while not listening. */
  const resync = async (sessionId: string, state: Tracked) => {
    if (state.lastVersion !== undefined) {
      await catchUp(sessionId, state);
      return;
    }
    // Nothing known to compare with: hand over the latest change, the listener reloads from it.
    const session = await store.get(sessionId);
    if (session === null) return;
    const latest = await store.changesSince(sessionId, session.version - 1);
    for (const change of latest) deliverFromStore(state, change);
  };

  const onListening = (downMs: number | null) => {
    for (const [sessionId, state] of tracked) {
      enqueue(sessionId, state, () => resync(sessionId, state));
    }
    if (downMs === null || (listeners.get("*")?.size ?? 0) === 0) return;
    // '*' listeners also care about sessions this instance never saw: those saved meanwhile.
    const run = store.recentlyChanged(downMs + resyncMarginMs).then(
      (recent) => {
        for (const { sessionId } of recent) {
          if (tracked.has(sessionId)) continue;
          const state = track(sessionId);
          enqueue(sessionId, state, () => resync(sessionId, state));
        }
      },
      (error: unknown) =>
        logger.warn({ code: errorCode(error) }, "change feed could not list recent changes"),
    );
    pending.add(run);
    void run.finally(() => pending.delete(run));
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
    ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    ...(options.healthCheckMs === undefined ? {} : { healthCheckMs: options.healthCheckMs }),
  });

  /** Forgets sessions nobody listens to any more (a '*' listener listens to all). */
  const untrack = (sessionId: string) => {
    if (!hasListeners(sessionId)) tracked.delete(sessionId);
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
      if (sessionId !== "*" && !tracked.has(sessionId)) {
        // The version at subscription is where a resync after a drop starts from.
        const state = track(sessionId);
        enqueue(sessionId, state, async () => {
          if (state.lastVersion !== undefined) return;
          const session = await store.get(sessionId);
          if (state.lastVersion === undefined) state.lastVersion = session?.version ?? 0;
        });
      }
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(sessionId) === set) listeners.delete(sessionId);
        if (sessionId !== "*") untrack(sessionId);
        else for (const id of [...tracked.keys()]) untrack(id);
      };
    },

    async ready() {
      await connection.ready();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    async close() {
      closed = true;
      listeners.clear();
      tracked.clear();
      await connection.close();
      if (ownsDatabase) await db.close();
    },
  };
}
