// Webhook delivery health: a pure, clock-driven count of the provider's deliveries, accepted and
// refused by reason, over a sliding window. Past a threshold of refusals in the window, the
// platform is told once per episode, well before the provider gives up on the webhook (Vonage
// switches session monitoring off after 50 failed deliveries in 30 minutes), with the likely cause.
import { isLiveError, LiveError, type LiveErrorCode, type LiveErrorOptions } from "../errors.js";

/** Why a delivery was refused: what the platform must fix is different for each. */
export type WebhookRefusalReason =
  /** Signed, but not with a configured secret (or for another application): a wrong secret. */
  | "signature"
  /** Signed too long ago or too far ahead: the server's clock (or the provider's) is off. */
  | "stale"
  /** Not signed at all: signed callbacks are off at the provider, or someone else is calling. */
  | "unsigned"
  /** Verified, but its body could not be read. */
  | "body"
  /** Anything else (the provider could not read the delivery at all). */
  | "other";

export const webhookRefusalReasons: readonly WebhookRefusalReason[] = [
  "signature",
  "stale",
  "unsigned",
  "body",
  "other",
];

/** The likely cause the platform is told, by the most frequent refusal reason. */
export const webhookRefusalCauses: Readonly<Record<WebhookRefusalReason, string>> = {
  signature: "wrong signature secret: deliveries are signed with a secret the server does not have",
  stale: "skewed clock: deliveries are signed more than 5 minutes from the server's time",
  unsigned: "unsigned deliveries: signed callbacks are off at the provider, or another caller",
  body: "unreadable body: verified deliveries whose body cannot be read",
  other: "deliveries that cannot be read at all",
};

export interface WebhookHealthOptions {
  /** The sliding window refusals are counted over. Default 30 minutes. */
  readonly windowMs?: number;
  /** Refusals within the window that raise the alert. Default 10 (Vonage gives up past 50). */
  readonly alertThreshold?: number;
}

export interface WebhookHealth {
  readonly windowMs: number;
  readonly alertThreshold: number;
  /** Deliveries accepted within the window. */
  readonly accepted: number;
  /** Deliveries refused within the window, by reason. */
  readonly refused: Readonly<Record<WebhookRefusalReason, number>>;
  /** When the last delivery was accepted (epoch ms), or null. */
  readonly lastAcceptedAt: number | null;
  /** When the last delivery was refused (epoch ms), or null. */
  readonly lastRefusedAt: number | null;
  /** Whether the platform was told that deliveries are failing, and that episode is not over. */
  readonly alert: {
    readonly raised: boolean;
    /** The most frequent refusal reason when the alert was raised. */
    readonly reason: WebhookRefusalReason | null;
    readonly since: number | null;
  };
}

/** What the platform is told when an episode starts. */
export interface WebhookHealthAlert {
  readonly reason: WebhookRefusalReason;
  readonly cause: string;
  readonly refusedInWindow: number;
  readonly refused: Readonly<Record<WebhookRefusalReason, number>>;
  readonly windowMs: number;
}

/**
 * A provider's refusal of a delivery: a LiveError (`UNAUTHORIZED` or `INVALID_INPUT`) carrying a
 * machine-readable `reason` for counting. The message says what was wrong, never a header value.
 */
export function webhookRefusal(
  code: LiveErrorCode,
  message: string,
  reason: WebhookRefusalReason,
  options: LiveErrorOptions = {},
): LiveError & { readonly reason: WebhookRefusalReason } {
  const error = new LiveError(code, message, options);
  Object.defineProperty(error, "reason", { value: reason, enumerable: true });
  return error as LiveError & { readonly reason: WebhookRefusalReason };
}

/** The reason of a `parseWebhook` refusal: its `reason`, else read from its code. */
export function webhookRefusalReasonOf(error: unknown): WebhookRefusalReason {
  const reason = (error as { reason?: unknown } | null)?.reason;
  if (typeof reason === "string" && (webhookRefusalReasons as readonly string[]).includes(reason))
    return reason as WebhookRefusalReason;
  if (isLiveError(error) && error.code === "UNAUTHORIZED") return "signature";
  if (isLiveError(error) && error.code === "INVALID_INPUT") return "body";
  return "other";
}

const minute = 60_000;

function checkedOptions(options: WebhookHealthOptions) {
  const windowMs = options.windowMs ?? 30 * minute;
  const alertThreshold = options.alertThreshold ?? 10;
  if (!Number.isInteger(windowMs) || windowMs < 1000 || windowMs > 24 * 60 * minute) {
    throw new LiveError("INVALID_INPUT", "webhookHealth.windowMs must be 1 s to 24 h.");
  }
  if (!Number.isInteger(alertThreshold) || alertThreshold < 1 || alertThreshold > 10_000) {
    throw new LiveError("INVALID_INPUT", "webhookHealth.alertThreshold must be 1 to 10,000.");
  }
  return { windowMs, alertThreshold };
}

const noRefusals = (): Record<WebhookRefusalReason, number> => ({
  signature: 0,
  stale: 0,
  unsigned: 0,
  body: 0,
  other: 0,
});

/**
 * The tracker: `accepted(now)` and `refused(reason, now)` record a delivery; `refused` returns the
 * alert when this refusal starts an episode (the caller tells the platform), else null. An episode
 * ends when the window holds fewer refusals than the threshold and a delivery was accepted after
 * the last refusal; the next crossing is a new episode.
 */
export function createWebhookHealthTracker(options: WebhookHealthOptions = {}) {
  const { windowMs, alertThreshold } = checkedOptions(options);
  // Accepted deliveries counted per second (a busy live sends many), refusals one by one; both in
  // arrival order.
  const acceptedTimes: { second: number; count: number }[] = [];
  const refusals: { at: number; reason: WebhookRefusalReason }[] = [];
  let lastAcceptedAt: number | null = null;
  let lastRefusedAt: number | null = null;
  let alert: { reason: WebhookRefusalReason; since: number } | null = null;

  function slide(now: number) {
    const from = now - windowMs;
    while (acceptedTimes.length > 0 && (acceptedTimes[0] as { second: number }).second <= from)
      acceptedTimes.shift();
    while (refusals.length > 0 && (refusals[0] as { at: number }).at <= from) refusals.shift();
  }

  function refusedByReason() {
    const counts = noRefusals();
    for (const refusal of refusals) counts[refusal.reason] += 1;
    return counts;
  }

  function recovered() {
    return (
      alert !== null &&
      refusals.length < alertThreshold &&
      lastAcceptedAt !== null &&
      (lastRefusedAt === null || lastAcceptedAt > lastRefusedAt)
    );
  }

  function accepted(now: number): void {
    slide(now);
    const second = now - (now % 1000);
    const last = acceptedTimes[acceptedTimes.length - 1];
    if (last !== undefined && last.second === second) last.count += 1;
    else acceptedTimes.push({ second, count: 1 });
    lastAcceptedAt = now;
    if (recovered()) alert = null;
  }

  function refused(reason: WebhookRefusalReason, now: number): WebhookHealthAlert | null {
    slide(now);
    refusals.push({ at: now, reason });
    lastRefusedAt = now;
    if (alert !== null || refusals.length < alertThreshold) return null;
    const refused = refusedByReason();
    // The most frequent reason names the cause; ties go to the first in `webhookRefusalReasons`.
    let top: WebhookRefusalReason = reason;
    for (const candidate of webhookRefusalReasons) {
      if (refused[candidate] > refused[top]) top = candidate;
    }
    alert = { reason: top, since: now };
    return {
      reason: top,
      cause: webhookRefusalCauses[top],
      refusedInWindow: refusals.length,
      refused,
      windowMs,
    };
  }

  function health(now: number): WebhookHealth {
    slide(now);
    if (recovered()) alert = null;
    return {
      windowMs,
      alertThreshold,
      accepted: acceptedTimes.reduce((sum, bucket) => sum + bucket.count, 0),
      refused: refusedByReason(),
      lastAcceptedAt,
      lastRefusedAt,
      alert: {
        raised: alert !== null,
        reason: alert?.reason ?? null,
        since: alert?.since ?? null,
      },
    };
  }

  return { accepted, refused, health };
}

export type WebhookHealthTracker = ReturnType<typeof createWebhookHealthTracker>;
