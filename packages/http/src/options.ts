// What a host platform passes to createLiveHttp, and the defaults it gets when it passes less.
import { randomBytes } from "node:crypto";
import type {
  AdminActor,
  Clock,
  Identity,
  IdGenerator,
  LiveProvider,
  LiveService,
  Logger,
  PreflightOptions,
} from "@onair/core";
import { randomIds, silentLogger, systemClock } from "@onair/core";
import type { LiveHttpRequest } from "./neutral.js";
import type { RateLimit } from "./rate-limit/token-bucket.js";
import { type Scheduler, systemScheduler } from "./sse/scheduler.js";

/**
 * Actions limited per identity (normalized email) or, for anonymous requests, per address (an
 * IPv4 address, or the /64 network of an IPv6 address).
 */
export type RateLimitedAction =
  | "join"
  | "preflight"
  | "content"
  | "commands"
  | "presence"
  | "admin"
  | "events"
  | "replay"
  | "bandwidth";

export interface LiveHttpLimits {
  /** Largest JSON body accepted, in bytes (413 beyond). Default 256 KiB. */
  readonly jsonBodyBytes?: number;
  /** Largest webhook delivery accepted, in bytes. Default 256 KiB. */
  readonly webhookBodyBytes?: number;
  /** Largest file `POST /sessions/:id/content` accepts, checked on Content-Length before reading. Default 500 MiB. */
  readonly contentBytes?: number;
  /** Largest upload `POST /preflight/bandwidth` reads (and discards), in bytes (413 beyond). Default 2 MiB. */
  readonly bandwidthProbeBytes?: number;
}

export interface LiveHttpSse {
  /** Interval of heartbeat comments and audience presence renewals. Default 25 s. */
  readonly heartbeatMs?: number;
  /** Reconnection delay suggested to browsers. Default 3 s. */
  readonly retryMs?: number;
  /** A viewer whose socket has not drained for this long is dropped. Default 60 s. */
  readonly stalledTimeoutMs?: number;
  /** Streams one signed-in person (normalized email) may keep open at once (429 beyond). Default 10. */
  readonly maxStreamsPerCaller?: number;
  /**
   * Streams anonymous viewers of one address (IPv4 address or IPv6 /64) may keep open at once
   * (429 beyond). Default 200: a whole company's attendees can share one address.
   */
  readonly maxStreamsPerAddress?: number;
  /** Streams this router keeps open at once, all callers together (503 beyond). Default 50,000. */
  readonly maxStreams?: number;
}

export interface LiveHttpSettings {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Timers for heartbeats (tests drive them by hand). */
  readonly scheduler?: Scheduler;
  readonly limits?: LiveHttpLimits;
  /** Token buckets per action; `false` turns one off. */
  readonly rateLimits?: Partial<Record<RateLimitedAction, RateLimit | false>> & {
    /** Keys remembered per action before the least recently used are forgotten. Default 10,000. */
    readonly maxKeys?: number;
  };
  readonly sse?: LiveHttpSse;
  /** Thresholds of `POST /preflight`. */
  readonly preflight?: PreflightOptions;
  /** Prefix of problem `type` URIs. Default "urn:onair:problem:". */
  readonly problemTypeBase?: string;
  /**
   * Secret of the keyed hash (HMAC-SHA-256) that turns a viewer's email into the opaque key
   * presence counts use. Give the same secret (at least 32 bytes) to every instance so that one
   * person counts once across them; without it a random per-process secret is used.
   */
  readonly viewerKeySecret?: string | Uint8Array | undefined;
}

/** A host hook's answer, now or later. */
export type MaybePromise<T> = T | Promise<T>;

export interface LiveHttpOptions<Raw = unknown> {
  readonly service: LiveService;
  /** Verifies provider webhooks (`parseWebhook`). */
  readonly provider: Pick<LiveProvider, "parseWebhook">;
  /** The host platform's signed-in user, with a verified email, or null. */
  readonly identify: (request: LiveHttpRequest<Raw>, raw: Raw) => MaybePromise<Identity | null>;
  /**
   * Whether this request may use the back-office routes. Return an `AdminActor` to record who
   * acted in the history (otherwise it is recorded as the system).
   */
  readonly authorizeAdmin: (
    request: LiveHttpRequest<Raw>,
    raw: Raw,
  ) => MaybePromise<boolean | AdminActor>;
  /** Restricts the audience routes (e.g. to registered attendees); without it they are public. */
  readonly authorizeAudience?: (
    request: LiveHttpRequest<Raw>,
    sessionId: string,
    raw: Raw,
  ) => MaybePromise<boolean>;
  readonly options?: LiveHttpSettings;
}

export interface ResolvedSettings {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly limits: Required<LiveHttpLimits>;
  readonly rateLimits: Readonly<Record<RateLimitedAction, RateLimit | false>>;
  readonly maxRateLimitKeys: number;
  readonly sse: Required<LiveHttpSse>;
  readonly preflight: PreflightOptions | undefined;
  readonly problemTypeBase: string;
  readonly viewerKeySecret: Uint8Array;
}

// Generous enough for many anonymous viewers behind one company NAT, tight enough to stop a flood.
export const defaultRateLimits: Readonly<Record<RateLimitedAction, RateLimit>> = {
  join: { capacity: 60, refillPerSecond: 10 },
  preflight: { capacity: 30, refillPerSecond: 2 },
  content: { capacity: 10, refillPerSecond: 0.5 },
  commands: { capacity: 30, refillPerSecond: 5 },
  // Reads of the control room, apart from the commands: a flood of GETs (even cross-site, from an
  // <img>) never locks a moderator out of start and stop.
  presence: { capacity: 60, refillPerSecond: 5 },
  // Back-office writes (create, update, publish, participants, delete).
  admin: { capacity: 30, refillPerSecond: 5 },
  events: { capacity: 60, refillPerSecond: 10 },
  // Each replay request asks the provider for fresh links: keep a flood off the provider's API.
  replay: { capacity: 30, refillPerSecond: 2 },
  // Upload probes of the browser's preflight: a few per check, each up to 2 MiB.
  bandwidth: { capacity: 10, refillPerSecond: 1 },
};

function viewerSecretOf(secret: string | Uint8Array | undefined): Uint8Array {
  if (secret === undefined) return randomBytes(32);
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (bytes.byteLength < 32) {
    throw new RangeError("options.viewerKeySecret must be at least 32 bytes long.");
  }
  return bytes;
}

function streamCap(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`sse.${name} must be a whole number of at least 1.`);
  }
  return value;
}

export function resolveSettings(settings: LiveHttpSettings = {}): ResolvedSettings {
  const rate = settings.rateLimits ?? {};
  const sse = settings.sse ?? {};
  const pick = (action: RateLimitedAction) => rate[action] ?? defaultRateLimits[action];
  return {
    clock: settings.clock ?? systemClock,
    ids: settings.ids ?? randomIds,
    logger: settings.logger ?? silentLogger,
    scheduler: settings.scheduler ?? systemScheduler,
    limits: {
      jsonBodyBytes: settings.limits?.jsonBodyBytes ?? 256 * 1024,
      webhookBodyBytes: settings.limits?.webhookBodyBytes ?? 256 * 1024,
      contentBytes: settings.limits?.contentBytes ?? 500 * 1024 * 1024,
      bandwidthProbeBytes: settings.limits?.bandwidthProbeBytes ?? 2 * 1024 * 1024,
    },
    rateLimits: {
      join: pick("join"),
      preflight: pick("preflight"),
      content: pick("content"),
      commands: pick("commands"),
      presence: pick("presence"),
      admin: pick("admin"),
      events: pick("events"),
      replay: pick("replay"),
      bandwidth: pick("bandwidth"),
    },
    maxRateLimitKeys: rate.maxKeys ?? 10_000,
    sse: {
      heartbeatMs: sse.heartbeatMs ?? 25_000,
      retryMs: sse.retryMs ?? 3_000,
      stalledTimeoutMs: sse.stalledTimeoutMs ?? 60_000,
      maxStreamsPerCaller: streamCap("maxStreamsPerCaller", sse.maxStreamsPerCaller, 10),
      maxStreamsPerAddress: streamCap("maxStreamsPerAddress", sse.maxStreamsPerAddress, 200),
      maxStreams: streamCap("maxStreams", sse.maxStreams, 50_000),
    },
    preflight: settings.preflight,
    problemTypeBase: settings.problemTypeBase ?? "urn:onair:problem:",
    viewerKeySecret: viewerSecretOf(settings.viewerKeySecret),
  };
}
