// What a host (a framework, a runtime) gives the contract: it mounts the onair HTTP API at
// `/live` with the hooks and settings the contract passes, and says how to reach it.
import type { AdminActor, Clock, Identity, LiveProvider, LiveService, Logger } from "@onair/core";

type MaybePromise<T> = T | Promise<T>;

/** Reads a request header (any case) the way the host's framework does. */
export type HeaderReader = (name: string) => string | undefined;

/** A repeating-timer port, driven by hand in the contract. */
export interface ContractScheduler {
  every(ms: number, task: () => void): () => void;
}

export interface ContractRateLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The settings the contract passes (a subset of `LiveHttpSettings`, passed on as they are). */
export interface ContractSettings {
  readonly clock: Clock;
  readonly scheduler: ContractScheduler;
  readonly logger?: Logger;
  readonly rateLimits?: Readonly<Record<string, ContractRateLimit | false>>;
  readonly limits?: Readonly<Record<string, number>>;
  readonly sse?: Readonly<Record<string, number>>;
  readonly viewerKeySecret?: string;
}

/** What the host mounts: the API's options, with hooks written against a header reader. */
export interface ContractMount {
  readonly service: LiveService;
  readonly provider: LiveProvider;
  readonly identify: (header: HeaderReader) => MaybePromise<Identity | null>;
  readonly authorizeAdmin: (header: HeaderReader) => MaybePromise<boolean | AdminActor>;
  readonly authorizeAudience?: (header: HeaderReader, sessionId: string) => MaybePromise<boolean>;
  readonly options: ContractSettings;
  /**
   * Take the client's address from `X-Forwarded-For`, as behind a trusted proxy on loopback
   * (Express: `app.set("trust proxy", "loopback")`).
   */
  readonly trustForwardedFor: boolean;
}

export interface MountedHost {
  /** The origin requests go to (`http://127.0.0.1:1234`); the API is at `${base}/live`. */
  readonly base: string;
  /** How requests are sent: the global `fetch` for a server, or a fetch handler called directly. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** Whether `base` is a real socket (raw HTTP cases: repeated headers, chunked uploads). */
  readonly sockets: boolean;
  readonly viewerCount: () => number;
  readonly subscribedSessions: () => number;
  /** The API's `close()`. */
  close(): Promise<void>;
  /** Stops the server, after `close()`. */
  stop(): Promise<void>;
}

/** Mounts the API on a host; called once per contract case (and for cases needing other settings). */
export type LiveHttpHost = (mount: ContractMount) => Promise<MountedHost>;
