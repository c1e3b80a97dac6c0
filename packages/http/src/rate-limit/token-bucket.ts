// Per-key token buckets (per identity or per IP) with an injected clock and bounded memory:
// idle keys whose bucket has refilled are forgotten, and past `maxKeys` the least recently used go.
import type { Clock } from "@onair/core";

export interface RateLimit {
  /** Requests allowed in a burst (the bucket's size). */
  readonly capacity: number;
  /** Tokens added back per second. */
  readonly refillPerSecond: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Whole seconds until one token is back (0 when allowed). */
  readonly retryAfterSeconds: number;
}

export interface TokenBucketLimiter {
  take(key: string): RateLimitDecision;
  /** Keys currently remembered. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createTokenBucketLimiter(
  limit: RateLimit,
  options: { readonly clock: Clock; readonly maxKeys?: number },
): TokenBucketLimiter {
  if (!(limit.capacity >= 1) || !(limit.refillPerSecond > 0)) {
    throw new RangeError("A rate limit needs capacity >= 1 and refillPerSecond > 0.");
  }
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = limit.refillPerSecond / 1000;
  const fullAfterMs = limit.capacity / perMs;
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, now: number) => {
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + elapsed * perMs);
    bucket.at = now;
  };

  // Forgetting a full bucket loses nothing: a new key starts full too.
  const sweep = (now: number, budget: number) => {
    for (const [key, bucket] of buckets) {
      if (budget-- <= 0) return;
      if (now - bucket.at >= fullAfterMs) buckets.delete(key);
      else return;
    }
  };

  return {
    take(key) {
      const now = options.clock.now();
      sweep(now, 4);
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { tokens: limit.capacity, at: now };
      } else {
        buckets.delete(key);
        refill(bucket, now);
      }
      buckets.set(key, bucket);
      while (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest === undefined) break;
        buckets.delete(oldest);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
    get size() {
      return buckets.size;
    },
  };
}
