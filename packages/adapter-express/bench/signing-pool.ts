// Client-token signing (RS256) is the CPU cost of a join. This spreads it over worker threads,
// each running the provider's own `issueToken`, so joins use every core instead of one.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { LiveError, type LiveErrorCode, type LiveProvider } from "@onair/core";
import type { VonageProviderOptions } from "@onair/vonage";

type IssueToken = LiveProvider["issueToken"];
type Issued = Awaited<ReturnType<IssueToken>>;

interface Pending {
  readonly resolve: (issued: Issued) => void;
  readonly reject: (error: unknown) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
}

export type SigningRequest = {
  readonly id: number;
  readonly roomId: string;
  readonly request: Parameters<IssueToken>[1];
};
export type SigningAnswer =
  | { readonly id: number; readonly ok: true; readonly issued: Issued }
  | {
      readonly id: number;
      readonly ok: false;
      readonly code: LiveErrorCode | null;
      readonly message: string;
    };

export interface SigningPool {
  readonly issueToken: IssueToken;
  readonly size: number;
  close(): Promise<void>;
}

/** Serializable provider options only (no logger, no clock): each worker builds its own provider. */
export type SigningProviderOptions = Omit<VonageProviderOptions, "logger" | "clock">;

export function createSigningPool(options: {
  readonly providerOptions: SigningProviderOptions;
  readonly size?: number;
}): SigningPool {
  const size = options.size ?? Math.max(1, availableParallelism() - 1);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const workers: PoolWorker[] = Array.from({ length: size }, () => {
    const worker = new Worker(new URL("./signing-worker.ts", import.meta.url), {
      workerData: options.providerOptions,
    });
    const entry: PoolWorker = { worker, inFlight: 0 };
    worker.on("message", (answer: SigningAnswer) => {
      entry.inFlight--;
      const waiting = pending.get(answer.id);
      if (waiting === undefined) return;
      pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.issued);
      else
        waiting.reject(
          answer.code === null
            ? new Error(answer.message)
            : new LiveError(answer.code, answer.message),
        );
    });
    return entry;
  });

  return {
    size,
    issueToken(roomId, request) {
      // The least busy worker takes the next token.
      let target = workers[0]!;
      for (const candidate of workers) if (candidate.inFlight < target.inFlight) target = candidate;
      target.inFlight++;
      const id = ++nextId;
      return new Promise<Issued>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, roomId, request } satisfies SigningRequest);
      });
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
      for (const waiting of pending.values()) waiting.reject(new Error("signing pool closed"));
      pending.clear();
    },
  };
}

/** The provider, with its client tokens signed by the pool. */
export function withSigningPool(provider: LiveProvider, pool: SigningPool): LiveProvider {
  return Object.assign(Object.create(provider) as LiveProvider, { issueToken: pool.issueToken });
}
