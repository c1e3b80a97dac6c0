import { describe, expect, it } from "vitest";
import { createTokenBucketLimiter } from "./token-bucket.js";

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("token bucket limiter", () => {
  it("R-SEC-2: allows a burst of `capacity`, then refuses with the seconds until a token is back", () => {
    const clock = manualClock();
    const limiter = createTokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5 }, { clock });
    expect([1, 2, 3].map(() => limiter.take("a").allowed)).toEqual([true, true, true]);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    clock.advance(1000);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1000);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("keeps one bucket per key", () => {
    const clock = manualClock();
    const limiter = createTokenBucketLimiter({ capacity: 1, refillPerSecond: 1 }, { clock });
    expect(limiter.take("alice").allowed).toBe(true);
    expect(limiter.take("alice").allowed).toBe(false);
    expect(limiter.take("bob").allowed).toBe(true);
  });

  it("never refills beyond capacity, however long the key was idle", () => {
    const clock = manualClock();
    const limiter = createTokenBucketLimiter({ capacity: 2, refillPerSecond: 10 }, { clock });
    limiter.take("a");
    clock.advance(3_600_000);
    expect([1, 2, 3].map(() => limiter.take("a").allowed)).toEqual([true, true, false]);
  });

  it("forgets idle keys once their bucket is full again (memory stays bounded by activity)", () => {
    const clock = manualClock();
    const limiter = createTokenBucketLimiter({ capacity: 2, refillPerSecond: 1 }, { clock });
    for (let i = 0; i < 100; i++) limiter.take(`ip-${i}`);
    expect(limiter.size).toBe(100);
    clock.advance(2_000);
    for (let i = 0; i < 30; i++) limiter.take("active");
    expect(limiter.size).toBeLessThan(100);
    for (let i = 0; i < 100; i++) limiter.take("active");
    expect(limiter.size).toBe(1);
  });

  it("never holds more than maxKeys, evicting the least recently used", () => {
    const clock = manualClock();
    const limiter = createTokenBucketLimiter(
      { capacity: 1, refillPerSecond: 0.001 },
      { clock, maxKeys: 50 },
    );
    limiter.take("kept");
    for (let i = 0; i < 1_000; i++) {
      limiter.take(`flood-${i}`);
      if (i % 10 === 0) expect(limiter.take("kept").allowed).toBe(false);
    }
    expect(limiter.size).toBe(50);
    expect(limiter.take("kept").allowed).toBe(false);
  });

  it("rejects a limit that could never allow a request", () => {
    const clock = manualClock();
    expect(() => createTokenBucketLimiter({ capacity: 0, refillPerSecond: 1 }, { clock })).toThrow(
      RangeError,
    );
    expect(() => createTokenBucketLimiter({ capacity: 1, refillPerSecond: 0 }, { clock })).toThrow(
      RangeError,
    );
  });
});
