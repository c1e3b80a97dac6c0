// The context every part of the service shares: its ports (store, provider, change feed, clock,
// ids, logger) and its options, resolved once; and the small helpers all parts use.
import { type ContentLimits, defaultContentLimits } from "../content/content-limits.js";
import { isLiveError, LiveError } from "../errors.js";
import {
  type DecideOptions,
  defaultDecideOptions,
  type NotificationKind,
} from "../lifecycle/commands.js";
import { isoAt } from "../lifecycle/transition.js";
import type { ChangeFeed } from "../ports/change-feed.js";
import { type Clock, systemClock } from "../ports/clock.js";
import { type IdGenerator, randomIds } from "../ports/ids.js";
import type { LiveProvider } from "../ports/live-provider.js";
import { type Logger, silentLogger } from "../ports/logger.js";
import type { SessionStore } from "../ports/session-store.js";
import type { WebhookHealthOptions } from "./webhook-health.js";

/** Something the platform must be told about (also logged and kept in the history). */
export interface LiveNotification {
  /**
   * Stable for this notification: sent at least once, it may arrive twice (a crash between the
   * sending and its confirmation); the platform deduplicates on it.
   */
  readonly id: string;
  /**
   * `webhook-deliveries-failing`: the provider's webhook deliveries are being refused past
   * `webhookHealth.alertThreshold`; `data.cause` names the likely cause (see `service.health()`).
   */
  readonly kind: NotificationKind | "webhook-deliveries-failing";
  /** The session concerned; empty for a notification about the whole service (webhooks). */
  readonly sessionId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface LiveServiceOptions {
  /** How attendees watch: an HLS broadcast (any audience size, default) or as subscribers. */
  readonly audienceDelivery?: "hls" | "subscribers";
  /** Nobody publishing this long during a live raises an alert (R-LIFE-8). Default 15 min. */
  readonly idleAlertMs?: number;
  /** A recording segment is rotated before this age (the provider's cap is 4 h). */
  readonly segmentMaxMs?: number;
  /**
   * Streams the stage can hold; at most, and by default, what the provider composes
   * (`provider.limits.maxStageStreams`; Vonage: 16).
   */
  readonly maxStageStreams?: number;
  /**
   * How long a provider start or stop may stay unanswered before `reconcile` and `tick` take it as
   * lost and ask again (default 30 s). Shorter risks a duplicate call while one is in flight.
   */
  readonly reconcileGraceMs?: number;
  /** How long a grant allows a connection (R-PERM-5). Default 5 min. */
  readonly tokenTtlMs?: number;
  /** How long a presence lease lasts without renewal. Default 90 s. */
  readonly presenceTtlMs?: number;
  readonly contentLimits?: Partial<ContentLimits>;
  /** Compare-and-set retries before a command gives up with CONFLICT. Default 10. */
  readonly maxConflictRetries?: number;
  /** Alerts and replay notices for the platform (R-LIFE-7, R-LIFE-8, R-LIFE-4). */
  readonly onNotification?: (notification: LiveNotification) => void | Promise<void>;
  /**
   * Webhook delivery health: refusals counted over `windowMs` (default 30 min); past
   * `alertThreshold` (default 10) the platform is told once, well before the provider gives up.
   */
  readonly webhookHealth?: WebhookHealthOptions;
  /** Replaces emails and admin ids in the history of a deleted session (R-DATA-1). */
  readonly pseudonymise?: (email: string) => string;
  /**
   * How long recordings are kept at the provider after they stop (R-DATA-1); `applyRetention`
   * deletes older ones. Default: kept until the session is deleted.
   */
  readonly recordingRetentionMs?: number;
  /** Link to a segment the provider uploaded to the platform's own storage (status `uploaded`). */
  readonly uploadedReplayUrl?: (segment: {
    sessionId: string;
    segmentIndex: number;
    recordingId: string;
  }) => string | null | Promise<string | null>;
}

/** The service's ports and, flat beside them, its options. */
export interface CreateLiveServiceOptions extends LiveServiceOptions {
  readonly store: SessionStore;
  readonly provider: LiveProvider;
  readonly changes: ChangeFeed;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
}

/** The ports and the resolved options, shared by every part of the service. */
export type ServiceContext = ReturnType<typeof createContext>;

export function createContext(config: CreateLiveServiceOptions) {
  const { store, provider, changes } = config;
  if (store === undefined || provider === undefined || changes === undefined) {
    throw new LiveError(
      "INVALID_INPUT",
      "createLiveService needs a store, a provider and a change feed.",
    );
  }
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  const logger = config.logger ?? silentLogger;
  const options: LiveServiceOptions = config;
  const delivery = options.audienceDelivery ?? "hls";
  const decideOptions: DecideOptions = {
    audienceDelivery: delivery,
    idleAlertMs: options.idleAlertMs ?? defaultDecideOptions.idleAlertMs,
    segmentMaxMs: options.segmentMaxMs ?? defaultDecideOptions.segmentMaxMs,
    maxStageStreams: stageLimitOf(options.maxStageStreams, provider),
    reconcileGraceMs: options.reconcileGraceMs ?? defaultDecideOptions.reconcileGraceMs,
    broadcastWarmupMs: provider.broadcastWarmupMs ?? defaultDecideOptions.broadcastWarmupMs,
  };
  const tokenTtlMs = options.tokenTtlMs ?? 5 * 60_000;
  const presenceTtlMs = options.presenceTtlMs ?? 90_000;
  const contentLimits: ContentLimits = { ...defaultContentLimits, ...options.contentLimits };
  const maxRetries = options.maxConflictRetries ?? 10;
  /** R-DATA-1: by default each deletion gives its emails random pseudonyms, linked to nothing. */
  const pseudonymiserForOneDeletion = (): ((email: string) => string) => {
    if (options.pseudonymise !== undefined) return options.pseudonymise;
    const given = new Map<string, string>();
    return (email) => {
      let pseudonym = given.get(email);
      if (pseudonym === undefined) {
        pseudonym = `deleted-${ids.next("x")}`;
        given.set(email, pseudonym);
      }
      return pseudonym;
    };
  };

  const iso = () => isoAt(clock.now());

  return {
    store,
    provider,
    changes,
    clock,
    ids,
    logger,
    options,
    delivery,
    decideOptions,
    tokenTtlMs,
    presenceTtlMs,
    contentLimits,
    maxRetries,
    pseudonymiserForOneDeletion,
    iso,
  };
}

export function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new LiveError("CONFLICT", "The live room is not ready yet; try again.", {
      retriable: true,
    });
  }
  return value;
}

/** Store errors that are not already LiveErrors become STORE_FAILED (retriable), details hidden. */
export async function guardStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storeFailure(error);
  }
}

/** What `guardStore` throws for a store error: itself if a LiveError, else STORE_FAILED. */
export function storeFailure(error: unknown): LiveError {
  if (error instanceof LiveError) return error;
  return new LiveError("STORE_FAILED", "The session store could not be reached; try again.", {
    retriable: true,
    cause: error,
  });
}

export function reasonOf(error: unknown): string {
  return isLiveError(error) ? error.code : "provider error";
}

/** A log-safe description of an error: its code and message, never a stack or a cause. */
export function describe(error: unknown): Record<string, unknown> {
  if (isLiveError(error))
    return { code: error.code, message: error.message, retriable: error.retriable };
  return { message: error instanceof Error ? error.name : typeof error };
}

/** R-STAGE-2: the stage holds at most what the provider composes (by default, exactly that). */
export function stageLimitOf(requested: number | undefined, provider: LiveProvider): number {
  // A provider that states no limit allows nothing: the stage cannot be configured.
  const providerLimit = provider.limits?.maxStageStreams ?? 0;
  const limit = requested ?? providerLimit;
  if (!Number.isInteger(limit) || limit < 1 || !(limit <= providerLimit)) {
    throw new LiveError(
      "INVALID_INPUT",
      `maxStageStreams must be a whole number from 1 to ${providerLimit}.`,
    );
  }
  return limit;
}
