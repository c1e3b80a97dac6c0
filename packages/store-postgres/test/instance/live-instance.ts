// One onair instance in its own process: the live service on the PostgreSQL store and change feed.
// Its provider lives in the test process (reached over IPC), as every instance shares one Vonage.
import { createLiveService, LiveError, type LiveErrorCode, type LiveProvider } from "@onair/core";
import pg from "pg";
import { createPostgresChangeFeed, createPostgresStore } from "../../src/index.js";
import {
  type FromInstance,
  type ProviderMethod,
  type ToInstance,
  toWireError,
  type WireError,
} from "./messages.js";

const send = (message: FromInstance) => process.send?.(message);

const pending = new Map<
  number,
  { resolve: (value: unknown) => void; reject: (error: Error) => void }
>();
let nextId = 0;

const fromWire = (error: WireError) =>
  error.code === null
    ? new Error(error.message)
    : new LiveError(error.code as LiveErrorCode, error.message, { retriable: error.retriable });

const providerMethods: readonly ProviderMethod[] = [
  "createRoom",
  "issueToken",
  "startRecording",
  "stopRecording",
  "listRecordings",
  "getRecording",
  "deleteRecording",
  "startBroadcast",
  "stopBroadcast",
  "setStage",
  "disconnect",
  "parseWebhook",
];

const provider = Object.fromEntries([
  // The mock provider's limits, as the parent process's mock has them.
  ["limits", { maxStageStreams: 16 }],
  ...providerMethods.map((method) => [
    method,
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send({ kind: "provider", id, method, args });
      }),
  ]),
]) as unknown as LiveProvider;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});
const store = createPostgresStore({ pool }, { schema: process.env.ONAIR_SCHEMA ?? "onair" });
const changes = createPostgresChangeFeed({ store });
// Crash repairs are checked right after the crash: no in-flight call can be mistaken for a lost one.
const service = createLiveService({ store, provider, changes, reconcileGraceMs: 0 });

process.on("message", (raw) => {
  const message = raw as ToInstance;
  switch (message.kind) {
    case "provider-result": {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error === undefined) call?.resolve(message.value);
      else call?.reject(fromWire(message.error));
      return;
    }
    case "call": {
      const method = service[message.method] as (...args: unknown[]) => Promise<unknown>;
      method(...message.args).then(
        (value) => send({ kind: "result", id: message.id, value }),
        (error: unknown) => send({ kind: "result", id: message.id, error: toWireError(error) }),
      );
      return;
    }
    case "subscribe":
      service.subscribe(message.sessionId, (view) =>
        send({ kind: "view", sessionId: message.sessionId, view }),
      );
      void changes.ready().then(() => send({ kind: "subscribed", sessionId: message.sessionId }));
      return;
    case "close":
      void changes
        .close()
        .then(() => pool.end())
        .finally(() => process.exit(0));
      return;
  }
});

await changes.ready();
send({ kind: "ready" });
