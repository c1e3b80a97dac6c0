import { describe, expect, it } from "vitest";
import { createTestClock, defaultTestStart } from "./test-clock.js";

describe("createTestClock", () => {
  it("starts at 2026-01-01T09:00:00Z unless told otherwise", () => {
    expect(createTestClock().now()).toBe(Date.parse("2026-01-01T09:00:00Z"));
    expect(defaultTestStart).toBe(Date.parse("2026-01-01T09:00:00Z"));
    expect(createTestClock(42).now()).toBe(42);
  });

  it("only moves when told: advance adds, set jumps", () => {
    const clock = createTestClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.advance(500)).toBe(1_500);
    expect(clock.now()).toBe(1_500);
    expect(clock.set(10)).toBe(10);
    expect(clock.now()).toBe(10);
  });

  it("refuses to go backwards with advance, or to non-finite times", () => {
    const clock = createTestClock(1_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => createTestClock(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(1_000);
  });

  it("calls listeners synchronously after each change, in order, until unsubscribed", () => {
    const clock = createTestClock(0);
    const seen: string[] = [];
    const stopA = clock.onChange((now) => seen.push(`a${now}`));
    clock.onChange((now) => seen.push(`b${now}`));
    clock.advance(5);
    expect(seen).toEqual(["a5", "b5"]);
    stopA();
    clock.set(100);
    expect(seen).toEqual(["a5", "b5", "b100"]);
  });

  it("lets a listener unsubscribe itself while being notified", () => {
    const clock = createTestClock(0);
    const seen: number[] = [];
    const stop = clock.onChange((now) => {
      seen.push(now);
      stop();
    });
    clock.advance(1);
    clock.advance(1);
    expect(seen).toEqual([1]);
  });
});
