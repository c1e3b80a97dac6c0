// Starts live-instance.ts in a child process and serves its provider calls from a provider of the
// test process, so calls from every instance land on one provider and can be counted there.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AudienceView, LiveProvider, LiveSession } from "@onair/core";
import { LiveError, type LiveErrorCode } from "@onair/core";
import {
  type FromInstance,
  type ProviderMethod,
  type ServiceMethod,
  type ToInstance,
  toWireError,
  type WireError,
} from "./messages.js";

const script = fileURLToPath(new URL("./live-instance.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface InstanceOptions {
  readonly name: string;
  readonly provider: LiveProvider;
  readonly databaseUrl: string;
  readonly schema: string;
  /**
   * The process is killed (SIGKILL) right after the provider has done this call, before its
   * answer reaches the instance: a crash between the provider call and the store write.
   */
  readonly crashAfter?: ProviderMethod;
}

export interface Instance {
  readonly name: string;
  call<T = LiveSession>(method: ServiceMethod, ...args: unknown[]): Promise<T>;
  /** Subscribes through the instance's service; resolves once its change feed listens. */
  subscribe(sessionId: string): Promise<void>;
  /** Audience views the instance's subscribers received, in order. */
  readonly views: AudienceView[];
  /** Resolves with the signal or exit code when the process ends. */
  readonly exited: Promise<string>;
  close(): Promise<void>;
}

const fromWire = (error: WireError) =>
  error.code === null
    ? new Error(error.message)
    : new LiveError(error.code as LiveErrorCode, error.message, { retriable: error.retriable });

export async function spawnInstance(options: InstanceOptions): Promise<Instance> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@onair/source", script],
    {
      cwd: packageRoot,
      env: { ...process.env, DATABASE_URL: options.databaseUrl, ONAIR_SCHEMA: options.schema },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  const send = (message: ToInstance) => {
    if (child.connected) child.send(message);
  };
  const results = new Map<
    number,
    { resolve: (value: never) => void; reject: (error: Error) => void }
  >();
  const subscribed = new Map<string, () => void>();
  const views: AudienceView[] = [];
  let nextId = 0;
  let crashed = false;

  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((how) =>
      reject(new Error(`instance ${options.name} exited (${how}) before it was ready`)),
    );
    child.on("message", (raw) => {
      const message = raw as FromInstance;
      switch (message.kind) {
        case "ready":
          resolve();
          return;
        case "result": {
          const pending = results.get(message.id);
          results.delete(message.id);
          if (message.error === undefined) pending?.resolve(message.value as never);
          else pending?.reject(fromWire(message.error));
          return;
        }
        case "subscribed":
          subscribed.get(message.sessionId)?.();
          return;
        case "view":
          views.push(message.view as AudienceView);
          return;
        case "provider":
          void serveProviderCall(message.id, message.method, message.args);
          return;
      }
    });
  });

  async function serveProviderCall(id: number, method: ProviderMethod, args: unknown[]) {
    const call = options.provider[method] as (...params: unknown[]) => Promise<unknown>;
    try {
      const value = await call.apply(options.provider, args);
      if (!crashed && options.crashAfter === method) {
        crashed = true;
        child.kill("SIGKILL");
        return;
      }
      send({ kind: "provider-result", id, value });
    } catch (error) {
      send({ kind: "provider-result", id, error: toWireError(error) });
    }
  }

  // A call still waiting when the process dies fails instead of hanging the test.
  void exited.then((how) => {
    for (const pending of results.values()) pending.reject(new Error(`instance exited (${how})`));
    results.clear();
  });

  await ready;
  return {
    name: options.name,
    views,
    exited,
    call<T>(method: ServiceMethod, ...args: unknown[]) {
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        results.set(id, { resolve: resolve as (value: never) => void, reject });
        send({ kind: "call", id, method, args });
      });
    },
    subscribe(sessionId) {
      return new Promise<void>((resolve) => {
        subscribed.set(sessionId, resolve);
        send({ kind: "subscribe", sessionId });
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send({ kind: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
