// Keeps one LISTEN open: after a drop (server restart, killed backend, dead link found by the
// periodic check) it reconnects with capped exponential backoff and says so, so the feed can resync.
import { type Logger, type Scheduler, systemScheduler } from "@onair/core";
import type { Listening, PostgresDatabase } from "./database.js";
import { errorCode } from "./store-errors.js";
import { withTimeout } from "./timeout.js";

export interface ReconnectOptions {
  /** First delay after a drop; doubles on each failed attempt. Default 100 ms. */
  readonly minDelayMs?: number;
  /** Longest delay between attempts. Default 5 s. */
  readonly maxDelayMs?: number;
}

export interface ListeningConnectionOptions {
  readonly db: PostgresDatabase;
  readonly channel: string;
  readonly logger: Logger;
  readonly reconnect?: ReconnectOptions;
  /**
   * How often the link is checked with a round trip, which must come back within the same time;
   * 0 turns the check off. Default 15 s.
   */
  readonly healthCheckMs?: number;
  /** Time and timers (checks, reconnect delays). Default: the real ones. */
  readonly scheduler?: Scheduler;
  onNotification(payload: string): void;
  /**
   * Called after every successful LISTEN, the first one included; after a drop, `downMs` is how
   * long nothing could be heard (from the last sign of life), else null.
   */
  onListening(downMs: number | null): void;
}

export interface ListeningConnection {
  /** Resolves once LISTEN is active (again). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function openListeningConnection(options: ListeningConnectionOptions): ListeningConnection {
  const { db, channel, logger } = options;
  const minDelay = options.reconnect?.minDelayMs ?? 100;
  const maxDelay = options.reconnect?.maxDelayMs ?? 5_000;
  const healthCheckMs = options.healthCheckMs ?? 15_000;
  const scheduler = options.scheduler ?? systemScheduler;

  let current: Listening | null = null;
  let closed = false;
  let attempt = 0;
  let lastAliveAt: number | null = null;
  let cancelRetry: (() => void) | undefined;
  let cancelChecks: (() => void) | undefined;
  let waiters: (() => void)[] = [];

  const retry = () => {
    if (closed) return;
    // Jitter spreads the reconnects of many instances after a server restart.
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt++;
    cancelRetry = scheduler.after(delay, () => void connect());
  };

  const lost = (handle: Listening, error: unknown) => {
    if (current !== handle) return;
    current = null;
    logger.warn({ channel, code: errorCode(error) }, "change feed connection lost; reconnecting");
    void handle.close().catch(() => {});
    retry();
  };

  async function connect(): Promise<void> {
    if (closed) return;
    let handle: Listening | undefined;
    let droppedEarly = false;
    try {
      handle = await db.listen(channel, {
        onNotification: (payload) => {
          if (closed || current === null || current !== handle) return;
          lastAliveAt = scheduler.now();
          options.onNotification(payload);
        },
        onLost: (error) => {
          if (handle === undefined || current !== handle) droppedEarly = true;
          else lost(handle, error);
        },
      });
    } catch (error) {
      logger.warn({ channel, code: errorCode(error) }, "change feed could not listen; retrying");
      retry();
      return;
    }
    if (closed) {
      await handle.close().catch(() => {});
      return;
    }
    if (droppedEarly) {
      retry();
      return;
    }
    current = handle;
    attempt = 0;
    const downMs = lastAliveAt === null ? null : scheduler.now() - lastAliveAt;
    lastAliveAt = scheduler.now();
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
    options.onListening(downMs);
  }

  // One check at a time, each given until the next one is due: a round trip that does not come
  // back in time means a dead link (a network that swallows packets raises no error), so the
  // connection is dropped and opened again instead of piling checks up on it.
  let checking: Listening | null = null;
  if (healthCheckMs > 0) {
    cancelChecks = scheduler.every(healthCheckMs, () => {
      const handle = current;
      if (handle === null || checking !== null) return;
      checking = handle;
      withTimeout(handle.check(healthCheckMs), healthCheckMs, "health check", scheduler)
        .then(
          () => {
            if (current === handle) lastAliveAt = scheduler.now();
          },
          (error: unknown) => lost(handle, error),
        )
        .finally(() => {
          if (checking === handle) checking = null;
        });
    });
  }

  void connect();

  return {
    ready() {
      if (current !== null || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      cancelRetry?.();
      cancelChecks?.();
      const handle = current;
      current = null;
      for (const resolve of waiters) resolve();
      waiters = [];
      await handle?.close().catch(() => {});
    },
  };
}
