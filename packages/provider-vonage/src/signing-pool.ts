// Client-token signing (RS256) on worker threads, so that a join storm uses every core instead of
// the event loop's one. Each thread holds the private key as a KeyObject, received once.
import type { KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";
import { LiveError, type Logger } from "@onair/core";
import { type FailureKind, providerClosed } from "./provider-errors.js";
import { signingWorkerSource } from "./signing-worker.js";

export interface SigningPoolOptions {
  readonly threads: number;
  /** Tokens a thread may have waiting (being signed included) before new ones are refused. */
  readonly maxPendingPerThread: number;
  readonly privateKey: KeyObject;
  readonly logger: Logger;
}

export interface SigningPool {
  /** The base64url RS256 signature of `input` (a token's `header.claims`). */
  sign(input: string): Promise<string>;
  /** Stops every thread; waiting and later signatures are refused. */
  close(): Promise<void>;
}

interface SigningAnswer {
  readonly id: number;
  readonly signature: string | null;
}

interface Waiting {
  readonly resolve: (signature: string) => void;
  readonly reject: (error: LiveError) => void;
}

interface SigningThread {
  readonly worker: Worker;
  readonly waiting: Map<number, Waiting>;
  online: boolean;
}

const operation = "issueToken";

const threadStopped = () =>
  new LiveError(
    "PROVIDER_FAILED",
    "The thread signing this client token stopped; ask for the token again.",
    { retriable: true, cause: { operation, kind: "unexpected" satisfies FailureKind } },
  );

const signingFailed = () =>
  new LiveError("PROVIDER_FAILED", "The client token could not be signed.", {
    retriable: false,
    cause: { operation, kind: "unexpected" satisfies FailureKind },
  });

const queueFull = () =>
  new LiveError(
    "PROVIDER_FAILED",
    "Too many client tokens are waiting to be signed; ask again shortly.",
    { retriable: true, cause: { operation, kind: "unexpected" satisfies FailureKind } },
  );

export function createSigningPool(options: SigningPoolOptions): SigningPool {
  const { threads, maxPendingPerThread, privateKey, logger } = options;
  const slots: (SigningThread | null)[] = Array.from({ length: threads }, () => null);
  let nextId = 0;
  let cursor = 0;
  let closed = false;
  let closing: Promise<void> = Promise.resolve();

  function start(slot: number): SigningThread {
    const worker = new Worker(signingWorkerSource, {
      eval: true,
      workerData: { privateKey },
      // Plain JavaScript: none of the host process's loaders or flags are needed.
      execArgv: [],
    });
    const thread: SigningThread = { worker, waiting: new Map(), online: false };
    worker.on("online", () => {
      thread.online = true;
    });
    worker.on("message", (answer: SigningAnswer) => {
      const waiting = thread.waiting.get(answer.id);
      if (waiting === undefined) return;
      thread.waiting.delete(answer.id);
      if (thread.waiting.size === 0) worker.unref();
      if (answer.signature === null) waiting.reject(signingFailed());
      else waiting.resolve(answer.signature);
    });
    worker.on("error", (error) => {
      // Only the kind of error: its text is not ours and is never logged.
      logger.error(
        { provider: "vonage", thread: slot, error: error.name },
        "a client-token signing thread failed",
      );
    });
    worker.on("exit", (exitCode) => {
      if (slots[slot] === thread) slots[slot] = null;
      if (closed) return;
      const failure = threadStopped();
      for (const waiting of thread.waiting.values()) waiting.reject(failure);
      logger.warn(
        { provider: "vonage", thread: slot, exitCode, refused: thread.waiting.size },
        "a client-token signing thread stopped; another one takes its place",
      );
      thread.waiting.clear();
      // A thread that never came online is replaced on the next token, not in a tight loop.
      if (thread.online && slots[slot] === null) slots[slot] = start(slot);
    });
    // An idle thread must not keep the process alive: it is referenced only while it has work.
    // After the listeners, since listening for messages references the thread again.
    worker.unref();
    return thread;
  }

  // Threads start with the first tokens they sign: a provider that never signs (a worker process,
  // most tests) starts none.

  return {
    sign(input) {
      if (closed) return Promise.reject(providerClosed(operation));
      // The least busy thread takes the token; ties go round-robin so that all threads warm up.
      let chosen = 0;
      let load = Number.POSITIVE_INFINITY;
      for (let i = 0; i < threads; i++) {
        const slot = (cursor + i) % threads;
        const pending = slots[slot]?.waiting.size ?? 0;
        if (pending < load) {
          chosen = slot;
          load = pending;
        }
      }
      cursor = (cursor + 1) % threads;
      if (load >= maxPendingPerThread) return Promise.reject(queueFull());
      const thread = slots[chosen] ?? start(chosen);
      slots[chosen] = thread;
      const id = ++nextId;
      return new Promise<string>((resolve, reject) => {
        if (thread.waiting.size === 0) thread.worker.ref();
        thread.waiting.set(id, { resolve, reject });
        thread.worker.postMessage({ id, input });
      });
    },

    close() {
      if (closed) return closing;
      closed = true;
      const running = slots.filter((thread) => thread !== null);
      slots.fill(null);
      const failure = providerClosed(operation);
      for (const thread of running) {
        for (const waiting of thread.waiting.values()) waiting.reject(failure);
        thread.waiting.clear();
      }
      closing = Promise.all(running.map((thread) => thread.worker.terminate())).then(() => {});
      return closing;
    },
  };
}
