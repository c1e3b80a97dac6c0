// `createVonageMsw`: an emulated Vonage Video API for msw, so that @vonage/server-sdk (and
// @onair/vonage on top of it) runs unmodified in tests, without credentials or network.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { HttpHandler } from "msw";
import { readClientToken } from "./client-tokens.js";
import {
  type EmulatedArchive,
  type EmulatedBroadcast,
  type EmulatedConnection,
  type EmulatedSession,
  type EmulatedSignal,
  type EmulatedStream,
  type EmulatedVideoType,
  EmulatedWorld,
  type VonageCallback,
} from "./emulated-world.js";
import { FaultPlan, type InjectedFault, type VonageOperation } from "./fault-plan.js";
import { type RecordedRequest, restHandlers } from "./rest-handlers.js";
import {
  type CallbackSigningOptions,
  type SignedCallback,
  signCallback,
} from "./signed-callbacks.js";

export const defaultVideoHost = "https://video.api.vonage.com";

export interface VonageMswOptions {
  /** The application the SDK is configured with. */
  readonly applicationId: string;
  /** The application's public key (PEM), to check the SDK's request tokens... */
  readonly publicKey?: string | KeyObject;
  /** ...or its private key, from which the public key is derived. */
  readonly privateKey?: string | KeyObject;
  /** Secret used by `webhook()` to sign deliveries, like Vonage's secure callbacks. */
  readonly signatureSecret: string;
  /** Host the SDK calls (default https://video.api.vonage.com). */
  readonly videoHost?: string;
  /** Time of the emulated world (creation times, durations, webhook times); default: real time. */
  readonly clock?: { now(): number };
}

/** What a test sees of, and does to, the emulated project. */
export interface VonageMswState {
  readonly sessions: ReadonlyMap<string, EmulatedSession>;
  readonly connections: ReadonlyMap<string, EmulatedConnection>;
  readonly streams: ReadonlyMap<string, EmulatedStream>;
  readonly archives: ReadonlyMap<string, EmulatedArchive>;
  readonly broadcasts: ReadonlyMap<string, EmulatedBroadcast>;
  /** Every callback Vonage would have POSTed, oldest first; deliver one with `webhook()`. */
  readonly callbacks: readonly VonageCallback[];
  /** Signals sent to clients through the API. */
  readonly signals: readonly EmulatedSignal[];
  /** Every REST request answered, oldest first. */
  readonly requests: readonly RecordedRequest[];

  /**
   * A client joins a session: with a token from `issueToken` (checked: signature, session,
   * expiry; its connection data and role apply) or, without one, carrying `data`.
   */
  connect(
    sessionId: string,
    options?: { readonly token?: string; readonly data?: string },
  ): EmulatedConnection;
  /**
   * A connected client publishes a stream (a camera unless said otherwise; `audioOnly`: a
   * microphone alone, with no video type); subscribers cannot.
   */
  publish(
    connectionId: string,
    options?: {
      readonly videoType?: EmulatedVideoType;
      readonly name?: string;
      readonly audioOnly?: boolean;
    },
  ): EmulatedStream;
  /** A stream ends (reason as Vonage reports it, default "clientDisconnected"). */
  unpublish(streamId: string, reason?: string): void;
  /** A client leaves; its streams end first. */
  leave(connectionId: string, reason?: string): void;

  /** Vonage pauses the archive of an empty session. */
  pauseArchive(archiveId: string): EmulatedArchive;
  /** A client came back before the idle stop. */
  resumeArchive(archiveId: string): EmulatedArchive;
  /** Vonage stops an archive by itself (default reason "session ended"; or "maximum duration exceeded"). */
  autoStopArchive(archiveId: string, reason?: string): EmulatedArchive;
  /** Processing ends: `available` with a 10-minute link, or `uploaded` to the platform's storage. */
  finishArchive(archiveId: string, options?: { readonly uploaded?: boolean }): EmulatedArchive;
  failArchive(archiveId: string, reason?: string): EmulatedArchive;
  /** The 72 hours on Vonage's storage are over. */
  expireArchive(archiveId: string): EmulatedArchive;
  /** Vonage stops a broadcast by itself (idle session, maxDuration reached). */
  autoStopBroadcast(broadcastId: string, reason?: string): EmulatedBroadcast;

  // Faults Vonage documents and a test injects.
  /** The broadcast fails at Vonage (status `failed`, default reason "failure"). */
  failBroadcast(broadcastId: string, reason?: string): EmulatedBroadcast;
  /** A recording archive is stopped and uploaded, its `uploaded` callback coming before `stopped`. */
  uploadBeforeStopped(archiveId: string, reason?: string): EmulatedArchive;
  /**
   * The session's media router fails: every stream and connection ends with `forceDisconnected`,
   * then `sessionDestroyed`. Clients may connect again.
   */
  crashMediaRouter(sessionId: string): void;
  /** While on (default), broadcast list and get answers carry no `multiBroadcastTag`. */
  omitMultiBroadcastTag(on?: boolean): void;

  /** The next call(s) of `operation` (or of any) fail with an HTTP status. */
  failNext(
    operation: VonageOperation | "any",
    options?: Omit<InjectedFault, "networkError" | "delayMs">,
  ): void;
  /** The next call(s) of `operation` answer after `delayMs` (beyond the SDK timeout: a timeout). */
  delayNext(
    operation: VonageOperation | "any",
    delayMs: number,
    options?: Pick<InjectedFault, "times">,
  ): void;
  /** The next call(s) of `operation` fail as if the network dropped. */
  dropNext(operation: VonageOperation | "any", options?: Pick<InjectedFault, "times">): void;
  /** Forgets everything: world, requests, planned faults. */
  reset(): void;
}

export interface VonageMsw {
  /** Give them to msw: `setupServer(...vonage.handlers)` or `server.use(...vonage.handlers)`. */
  readonly handlers: readonly HttpHandler[];
  readonly state: VonageMswState;
  readonly applicationId: string;
  readonly videoHost: string;
  /** A delivery of `payload` signed as Vonage's secure callbacks are. */
  webhook(
    payload: VonageCallback | object | string,
    options?: CallbackSigningOptions,
  ): SignedCallback;
  /** Callback bodies built from the current state, to deliver as they are or altered. */
  readonly payloads: {
    archive(archiveId: string): VonageCallback;
    broadcast(broadcastId: string): VonageCallback;
  };
}

function publicKeyOf(options: VonageMswOptions): KeyObject {
  if (options.publicKey !== undefined) {
    return typeof options.publicKey === "string"
      ? createPublicKey(options.publicKey)
      : options.publicKey;
  }
  if (options.privateKey !== undefined) {
    const privateKey =
      typeof options.privateKey === "string"
        ? createPrivateKey(options.privateKey)
        : options.privateKey;
    return createPublicKey(privateKey);
  }
  throw new TypeError("createVonageMsw needs the application's publicKey or privateKey.");
}

export function createVonageMsw(options: VonageMswOptions): VonageMsw {
  const publicKey = publicKeyOf(options);
  const videoHost = (options.videoHost ?? defaultVideoHost).replace(/\/+$/, "");
  const now = () => options.clock?.now() ?? Date.now();
  const world = new EmulatedWorld({
    applicationId: options.applicationId,
    now,
    readToken: (token, sessionId) =>
      readClientToken(token, {
        publicKey,
        applicationId: options.applicationId,
        sessionId,
        now: now(),
      }),
  });
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];

  const handlers = restHandlers({
    world,
    faults,
    applicationId: options.applicationId,
    publicKey,
    videoHost,
    now,
    record: (request) => requests.push(request),
  });

  const state: VonageMswState = {
    get sessions() {
      return world.sessions;
    },
    get connections() {
      return world.connections;
    },
    get streams() {
      return world.streams;
    },
    get archives() {
      return world.archives;
    },
    get broadcasts() {
      return world.broadcasts;
    },
    get callbacks() {
      return world.callbacks;
    },
    get signals() {
      return world.signals;
    },
    get requests() {
      return requests;
    },
    connect: (sessionId, o) => world.connect(sessionId, o),
    publish: (connectionId, o) => world.publish(connectionId, o),
    unpublish: (streamId, reason) => world.unpublish(streamId, reason),
    leave: (connectionId, reason) => world.leave(connectionId, reason),
    pauseArchive: (id) => world.pauseArchive(id),
    resumeArchive: (id) => world.resumeArchive(id),
    autoStopArchive: (id, reason) => world.autoStopArchive(id, reason),
    finishArchive: (id, o) => world.finishArchive(id, o),
    failArchive: (id, reason) => world.failArchive(id, reason),
    expireArchive: (id) => world.expireArchive(id),
    autoStopBroadcast: (id, reason) => world.autoStopBroadcast(id, reason),
    failBroadcast: (id, reason) => world.failBroadcast(id, reason),
    uploadBeforeStopped: (id, reason) => world.uploadBeforeStopped(id, reason),
    crashMediaRouter: (sessionId) => world.crashMediaRouter(sessionId),
    omitMultiBroadcastTag: (on) => world.omitMultiBroadcastTag(on),
    failNext: (operation, o = {}) => faults.add(operation, { status: 500, ...o }),
    delayNext: (operation, delayMs, o = {}) => faults.add(operation, { ...o, delayMs }),
    dropNext: (operation, o = {}) => faults.add(operation, { ...o, networkError: true }),
    reset() {
      world.clear();
      faults.clear();
      requests.length = 0;
    },
  };

  return {
    handlers,
    state,
    applicationId: options.applicationId,
    videoHost,
    webhook: (payload, signing = {}) =>
      signCallback(payload, {
        ...signing,
        applicationId: options.applicationId,
        defaultSecret: options.signatureSecret,
        now: now(),
      }),
    payloads: {
      archive: (id) => ({ event: "archive", ...world.archiveJson(world.getArchive(id)) }),
      broadcast: (id) => ({
        event: "broadcast",
        ...world.startedBroadcastJson(world.getBroadcast(id)),
      }),
    },
  };
}
