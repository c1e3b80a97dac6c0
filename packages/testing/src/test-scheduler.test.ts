import { describe, expect, it } from "vitest";
import { createTestClock } from "./test-clock.js";
import { createTestScheduler } from "./test-scheduler.js";

describe("createTestScheduler", () => {
  it("fires nothing until time is moved on, then each timer at its due time, in order", () => {
    const scheduler = createTestScheduler(createTestClock(0));
    const fired: string[] = [];
    scheduler.after(30, () => fired.push(`b@${scheduler.now()}`));
    scheduler.after(10, () => fired.push(`a@${scheduler.now()}`));
    scheduler.after(30, () => fired.push(`c@${scheduler.now()}`));
    expect(fired).toEqual([]);
    expect(scheduler.advance(29)).toBe(29);
    expect(fired).toEqual(["a@10"]);
    scheduler.advance(1);
    expect(fired).toEqual(["a@10", "b@30", "c@30"]);
    expect(scheduler.pending()).toBe(0);
  });

  it("repeats an interval until cancelled, and a cancelled timer never fires", () => {
    const scheduler = createTestScheduler(createTestClock(0));
    const ticks: number[] = [];
    const stop = scheduler.every(100, () => ticks.push(scheduler.now()));
    const cancel = scheduler.after(50, () => ticks.push(-1));
    cancel();
    scheduler.advance(350);
    expect(ticks).toEqual([100, 200, 300]);
    stop();
    scheduler.advance(1_000);
    expect(ticks).toEqual([100, 200, 300]);
    expect(scheduler.pending()).toBe(0);
  });

  it("runs timers set by a task within the same window (a back-off that retries)", () => {
    const scheduler = createTestScheduler(createTestClock(0));
    const attempts: number[] = [];
    const attempt = (delay: number) => {
      scheduler.after(delay, () => {
        attempts.push(scheduler.now());
        if (attempts.length < 4) attempt(delay * 2);
      });
    };
    attempt(10);
    scheduler.advance(1_000);
    expect(attempts).toEqual([10, 30, 70, 150]);
    expect(scheduler.now()).toBe(1_000);
  });

  it("fires what fell due when the clock itself is moved", () => {
    const clock = createTestClock(0);
    const scheduler = createTestScheduler(clock);
    const fired: number[] = [];
    scheduler.after(20, () => fired.push(clock.now()));
    clock.advance(10);
    expect(fired).toEqual([]);
    clock.advance(15);
    expect(fired).toEqual([25]);
  });

  it("refuses a delay that is negative or not a number", () => {
    const scheduler = createTestScheduler();
    expect(() => scheduler.after(-1, () => {})).toThrow(RangeError);
    expect(() => scheduler.every(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => scheduler.advance(-5)).toThrow(RangeError);
  });
});

describe("createTestScheduler().advanceAsync", () => {
  it("lets the promise work a timer started schedule its follow-up at the time it fired", async () => {
    const scheduler = createTestScheduler(createTestClock(0));
    const attempts: number[] = [];
    const attempt = (delay: number) => {
      scheduler.after(delay, () => {
        attempts.push(scheduler.now());
        // The retry is decided after an await, as a failed connection attempt would.
        void Promise.reject(new Error("refused")).catch(() => {
          if (attempts.length < 3) attempt(delay * 2);
        });
      });
    };
    attempt(10);
    expect(await scheduler.advanceAsync(100)).toBe(100);
    expect(attempts).toEqual([10, 30, 70]);
  });

  it("with advance, the same follow-up is set only after the window, from its end", async () => {
    const scheduler = createTestScheduler(createTestClock(0));
    const fired: number[] = [];
    scheduler.after(10, () => {
      fired.push(scheduler.now());
      void Promise.resolve().then(() => scheduler.after(10, () => fired.push(scheduler.now())));
    });
    scheduler.advance(100);
    expect(fired).toEqual([10]);
    expect(scheduler.pending()).toBe(0);
    await Promise.resolve();
    scheduler.advance(10);
    expect(fired).toEqual([10, 110]);
  });
});
