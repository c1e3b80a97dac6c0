// Planned failures and delays for the mock provider's methods, consumed call by call in order,
// so a test can stage a provider outage or a race without touching the code under test.
import type { LiveProvider } from "@onair/core";
import { LiveError } from "@onair/core";

export type MockProviderMethod = keyof LiveProvider;

export interface FailOptions {
  /** How many of the next calls fail (default 1). */
  readonly times?: number;
  /** What they throw; default a retriable LiveError PROVIDER_FAILED. */
  readonly error?: Error;
  /**
   * Fail after the provider did the work, like a response lost to a timeout: the recording
   * exists at the provider but the caller never learns its id (R-LIFE-6).
   */
  readonly afterEffect?: boolean;
}

export interface DelayOptions {
  /** How many of the next calls are delayed (default 1). */
  readonly times?: number;
}

/** What happens to one call. */
export interface PlannedFault {
  readonly delayMs: number;
  readonly error: Error | null;
  readonly afterEffect: boolean;
}

interface Plan<T> {
  remaining: number;
  readonly value: T;
}

export interface FaultPlan {
  failNext(method: MockProviderMethod, options?: FailOptions): void;
  delayNext(method: MockProviderMethod, ms: number, options?: DelayOptions): void;
  /** Takes what is planned for the next call of `method` (one unit of each plan). */
  take(method: MockProviderMethod): PlannedFault;
  clear(): void;
}

function countOf(times: number | undefined): number {
  const count = times ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError("times must be a positive integer.");
  return count;
}

function takeFrom<T>(
  queues: Map<MockProviderMethod, Plan<T>[]>,
  method: MockProviderMethod,
): T | null {
  const queue = queues.get(method);
  const head = queue?.[0];
  if (queue === undefined || head === undefined) return null;
  head.remaining--;
  if (head.remaining === 0) queue.shift();
  return head.value;
}

export function createFaultPlan(): FaultPlan {
  const failures = new Map<MockProviderMethod, Plan<{ error: Error; afterEffect: boolean }>[]>();
  const delays = new Map<MockProviderMethod, Plan<number>[]>();

  const push = <T>(
    queues: Map<MockProviderMethod, Plan<T>[]>,
    method: MockProviderMethod,
    plan: Plan<T>,
  ) => {
    const queue = queues.get(method) ?? [];
    queue.push(plan);
    queues.set(method, queue);
  };

  return {
    failNext(method, options = {}) {
      const error =
        options.error ??
        new LiveError("PROVIDER_FAILED", `The provider failed on ${method} (injected).`, {
          retriable: true,
        });
      push(failures, method, {
        remaining: countOf(options.times),
        value: { error, afterEffect: options.afterEffect ?? false },
      });
    },
    delayNext(method, ms, options = {}) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError("A delay must be a non-negative number.");
      push(delays, method, { remaining: countOf(options.times), value: ms });
    },
    take(method) {
      const failure = takeFrom(failures, method);
      return {
        delayMs: takeFrom(delays, method) ?? 0,
        error: failure?.error ?? null,
        afterEffect: failure?.afterEffect ?? false,
      };
    },
    clear() {
      failures.clear();
      delays.clear();
    },
  };
}
