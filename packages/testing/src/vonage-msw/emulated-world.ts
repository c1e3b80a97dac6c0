// The state of an emulated Vonage Video project: sessions with their clients and streams,
// archives, broadcasts, and what Vonage calls back when they change. Decisions Vonage takes on
// its own (stopping an idle or too long archive, finishing its processing) are methods that a
// test calls, so that time never passes behind its back.
//
// Statuses follow Vonage's Video REST reference. Where the reference is silent, the emulator
// makes a choice and says so in a comment starting with "Assumption": those answers are the
// emulator's, not documented Vonage behaviour.
import { randomBytes, randomUUID } from "node:crypto";
import type { ClientRole, ClientTokenClaims } from "./client-tokens.js";
import { archiveJson, broadcastJson } from "./vonage-json.js";

export type ArchiveStatus =
  | "started"
  | "paused"
  | "stopped"
  | "uploaded"
  | "available"
  | "expired"
  | "failed"
  | "deleted";

export type EmulatedVideoType = "camera" | "screen" | "custom";

export interface EmulatedLayout {
  readonly type: string;
  readonly stylesheet?: string;
  readonly screenshareType?: string;
}

/** A stream included in a manual-mode archive or broadcast. */
export interface EmulatedOutputStream {
  readonly streamId: string;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
}

/** An RTMP target of a broadcast. */
export interface EmulatedRtmpTarget {
  readonly id: string | null;
  readonly serverUrl: string;
  readonly streamName: string;
}

export interface EmulatedSession {
  readonly id: string;
  /** "routed" goes through Vonage's media router (needed to archive); "relayed" is peer to peer. */
  readonly mediaMode: "routed" | "relayed";
  readonly archiveMode: "manual" | "always";
  readonly location: string | null;
  readonly createdAt: number;
}

export interface EmulatedConnection {
  readonly id: string;
  readonly sessionId: string;
  /** The connection data of the client's token. */
  readonly data: string;
  /** The role of the client's token; null for a client connected without one. */
  readonly role: ClientRole | null;
  readonly createdAt: number;
}

export interface EmulatedStream {
  readonly id: string;
  readonly sessionId: string;
  readonly connectionId: string;
  /** null for an audio-only stream: Vonage then sends no `videoType` at all. */
  readonly videoType: EmulatedVideoType | null;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  readonly name: string;
  readonly createdAt: number;
  readonly layoutClassList: readonly string[];
}

export interface EmulatedArchive {
  readonly id: string;
  readonly sessionId: string;
  readonly name: string;
  readonly status: ArchiveStatus;
  readonly reason: string;
  readonly createdAt: number;
  /** When the status last changed (Vonage's `updatedAt`, the time of the archive callback). */
  readonly updatedAt: number;
  readonly stoppedAt: number | null;
  readonly outputMode: "composed" | "individual";
  readonly resolution: string;
  readonly streamMode: "auto" | "manual";
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  readonly maxBitrate: number | null;
  readonly quantizationParameter: number | null;
  /** Lets several archives of one session record at once, one per tag. */
  readonly multiArchiveTag: string | null;
  readonly layout: EmulatedLayout;
  /** Streams added through the API (manual stream mode only). */
  readonly streams: readonly EmulatedOutputStream[];
}

export interface EmulatedBroadcast {
  readonly id: string;
  readonly sessionId: string;
  readonly status: "started" | "stopped" | "failed";
  readonly reason: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly maxDuration: number;
  readonly resolution: string;
  readonly streamMode: "auto" | "manual";
  readonly multiBroadcastTag: string | null;
  readonly maxBitrate: number | null;
  readonly hls: { readonly lowLatency: boolean; readonly dvr: boolean } | null;
  readonly rtmp: readonly EmulatedRtmpTarget[];
  readonly layout: EmulatedLayout;
  readonly streams: readonly EmulatedOutputStream[];
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
}

/** A callback body as Vonage would POST it (archive, broadcast or session monitoring). */
export interface VonageCallback {
  readonly event: string;
  readonly [key: string]: unknown;
}

/** A signal sent to a client through the REST API. */
export interface EmulatedSignal {
  readonly sessionId: string;
  readonly connectionId: string | null;
  readonly type: string;
  readonly data: string;
  readonly at: number;
}

/** Thrown by the world's operations; the REST handlers answer it as Vonage would. */
export class VonageApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "VonageApiError";
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface WorldConfig {
  readonly applicationId: string;
  readonly now: () => number;
  /** Checks a client token for a session (signature, session, expiry) and reads its claims. */
  readonly readToken: (token: string, sessionId: string) => ClientTokenClaims;
}

const notFound = (what: string) => new VonageApiError(404, `${what} not found.`);

/** The reason Vonage gives when an archive or broadcast is stopped through the API. */
export const userInitiated = "user initiated";

export class EmulatedWorld {
  readonly #config: WorldConfig;
  readonly #sessions = new Map<string, Mutable<EmulatedSession>>();
  readonly #connections = new Map<string, Mutable<EmulatedConnection>>();
  readonly #streams = new Map<string, Mutable<EmulatedStream>>();
  readonly #archives = new Map<string, Mutable<EmulatedArchive>>();
  readonly #broadcasts = new Map<string, Mutable<EmulatedBroadcast>>();
  readonly #callbacks: VonageCallback[] = [];
  readonly #signals: EmulatedSignal[] = [];
  #omitTag = false;

  constructor(config: WorldConfig) {
    this.#config = config;
  }

  get sessions(): ReadonlyMap<string, EmulatedSession> {
    return this.#sessions;
  }
  get connections(): ReadonlyMap<string, EmulatedConnection> {
    return this.#connections;
  }
  get streams(): ReadonlyMap<string, EmulatedStream> {
    return this.#streams;
  }
  get archives(): ReadonlyMap<string, EmulatedArchive> {
    return this.#archives;
  }
  get broadcasts(): ReadonlyMap<string, EmulatedBroadcast> {
    return this.#broadcasts;
  }
  /** Every callback Vonage would have sent, oldest first. */
  get callbacks(): readonly VonageCallback[] {
    return this.#callbacks;
  }
  get signals(): readonly EmulatedSignal[] {
    return this.#signals;
  }

  /** Forgets everything (sessions, outputs, callbacks, signals). */
  clear(): void {
    this.#sessions.clear();
    this.#connections.clear();
    this.#streams.clear();
    this.#archives.clear();
    this.#broadcasts.clear();
    this.#callbacks.length = 0;
    this.#signals.length = 0;
    this.#omitTag = false;
  }

  // --- Clients: what the client SDKs do in a real room. ---

  /**
   * A client joins `sessionId`: with a token, checked as Vonage checks it (its connection data
   * and role then apply), or without one, carrying `data`.
   */
  connect(
    sessionId: string,
    options: { readonly token?: string; readonly data?: string } = {},
  ): EmulatedConnection {
    const session = this.#session(sessionId);
    const claims =
      options.token === undefined ? null : this.#config.readToken(options.token, session.id);
    const connection = {
      id: randomUUID(),
      sessionId: session.id,
      data: claims?.data ?? options.data ?? "",
      role: claims?.role ?? null,
      createdAt: this.#now(),
    };
    this.#connections.set(connection.id, connection);
    this.#emit(this.#connectionEvent("connectionCreated", connection, null));
    return connection;
  }

  /**
   * A connected client publishes a stream; `audioOnly` publishes no video (a microphone alone):
   * such a stream has no video type, and its callbacks carry none.
   */
  publish(
    connectionId: string,
    options: {
      readonly videoType?: EmulatedVideoType;
      readonly name?: string;
      readonly audioOnly?: boolean;
    } = {},
  ): EmulatedStream {
    const connection = this.#connection(connectionId);
    if (connection.role === "subscriber") {
      throw new VonageApiError(403, "A subscriber token cannot publish.");
    }
    const stream = {
      id: randomUUID(),
      sessionId: connection.sessionId,
      connectionId,
      videoType: options.audioOnly === true ? null : (options.videoType ?? "camera"),
      hasAudio: true,
      hasVideo: options.audioOnly !== true,
      name: options.name ?? "",
      createdAt: this.#now(),
      layoutClassList: [],
    };
    this.#streams.set(stream.id, stream);
    this.#emit(this.#streamEvent("streamCreated", stream, null));
    return stream;
  }

  /** A stream ends; archives and broadcasts drop it, as Vonage does. */
  unpublish(streamId: string, reason = "clientDisconnected"): void {
    const stream = this.#streams.get(streamId);
    if (stream === undefined) throw notFound("Stream");
    this.#streams.delete(streamId);
    for (const output of [...this.#archives.values(), ...this.#broadcasts.values()]) {
      if (output.streams.some((s) => s.streamId === streamId)) {
        output.streams = output.streams.filter((s) => s.streamId !== streamId);
      }
    }
    this.#emit(this.#streamEvent("streamDestroyed", stream, reason));
  }

  /** A client leaves (or is disconnected): its streams end first. */
  leave(connectionId: string, reason = "clientDisconnected"): void {
    const connection = this.#connection(connectionId);
    for (const stream of [...this.#streams.values()]) {
      if (stream.connectionId === connectionId) this.unpublish(stream.id, reason);
    }
    this.#connections.delete(connectionId);
    this.#emit(this.#connectionEvent("connectionDestroyed", connection, reason));
  }

  // --- Vonage's own decisions, triggered by tests. ---

  /**
   * The media router of a session fails (Vonage's guide on service disruptions): every client is
   * cut off, its streams and connection end with `forceDisconnected`, then the session is
   * destroyed (`sessionDestroyed`). Clients may connect again afterwards, as new connections.
   * Assumption: archives and broadcasts are left as they are (Vonage pauses or stops them by its
   * own rules, which a test triggers with the methods above).
   */
  crashMediaRouter(sessionId: string): void {
    const session = this.#session(sessionId);
    for (const connection of this.#connectionsOf(session.id)) {
      this.leave(connection.id, "forceDisconnected");
    }
    this.#emit({
      sessionId: session.id,
      applicationId: this.#config.applicationId,
      event: "sessionDestroyed",
      timestamp: this.#now(),
    });
  }

  /**
   * Vonage stops and uploads an archive, and its callbacks arrive out of order: `uploaded` before
   * `stopped` (the archiving guide warns that callbacks may arrive in any order). The archive
   * ends `uploaded`.
   */
  uploadBeforeStopped(archiveId: string, reason = "session ended"): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "started" && archive.status !== "paused") {
      throw new VonageApiError(409, "Archive is not recording.");
    }
    const now = this.#now();
    archive.reason = reason;
    archive.stoppedAt = now;
    archive.updatedAt = now;
    archive.status = "uploaded";
    const uploaded = { event: "archive", ...this.archiveJson(archive) };
    archive.status = "stopped";
    const stopped = { event: "archive", ...this.archiveJson(archive) };
    archive.status = "uploaded";
    this.#emit(uploaded);
    this.#emit(stopped);
    return archive;
  }

  /**
   * A broadcast fails at Vonage: it ends `failed` with `reason`, and its callback says so.
   * Assumption: Vonage documents the status but no reason text; "failure" mirrors archives'.
   */
  failBroadcast(broadcastId: string, reason = "failure"): EmulatedBroadcast {
    const broadcast = this.#broadcast(broadcastId);
    if (broadcast.status !== "started") throw new VonageApiError(409, "Broadcast is not started.");
    broadcast.status = "failed";
    broadcast.reason = reason;
    broadcast.updatedAt = this.#now();
    this.#emit({ event: "broadcast", ...this.#broadcastJson(broadcast) });
    return broadcast;
  }

  /**
   * While on, list and get answers of broadcasts carry no `multiBroadcastTag`, even for a tagged
   * broadcast, as some of Vonage's answers do; the start answer and callbacks keep it.
   */
  omitMultiBroadcastTag(on = true): void {
    this.#omitTag = on;
  }

  /** Vonage pauses an archive when the last client leaves (it stops 60 s later). */
  pauseArchive(archiveId: string): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "started") throw new VonageApiError(409, "Archive is not started.");
    archive.status = "paused";
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
    return archive;
  }

  /** A client came back before the idle stop: the paused archive records again. */
  resumeArchive(archiveId: string): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "paused") throw new VonageApiError(409, "Archive is not paused.");
    archive.status = "started";
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
    return archive;
  }

  /**
   * Vonage stops an archive by itself: "session ended" 60 s after the last client left,
   * "maximum duration exceeded" after 4 hours of recording.
   */
  autoStopArchive(archiveId: string, reason = "session ended"): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "started" && archive.status !== "paused") {
      throw new VonageApiError(409, "Archive is not recording.");
    }
    this.#stopArchive(archive, reason);
    return archive;
  }

  /** Vonage finishes processing a stopped archive: `available` (with a link) or `uploaded`. */
  finishArchive(archiveId: string, options: { readonly uploaded?: boolean } = {}): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "stopped") throw new VonageApiError(409, "Archive is not stopped.");
    archive.status = options.uploaded === true ? "uploaded" : "available";
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
    return archive;
  }

  /**
   * The archive failed (recording or processing). Vonage's reference: "For archives with the
   * status `failed`, this can be set to `failure`", the default reason here.
   */
  failArchive(archiveId: string, reason = "failure"): EmulatedArchive {
    const archive = this.#archive(archiveId);
    archive.status = "failed";
    archive.reason = reason;
    archive.stoppedAt ??= this.#now();
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
    return archive;
  }

  /** An available archive leaves Vonage's storage (72 hours after it was made). */
  expireArchive(archiveId: string): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "available") throw new VonageApiError(409, "Archive is not available.");
    archive.status = "expired";
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
    return archive;
  }

  /** Vonage stops a broadcast by itself (idle room, `maxDuration` reached). */
  autoStopBroadcast(broadcastId: string, reason = "session ended"): EmulatedBroadcast {
    const broadcast = this.#broadcast(broadcastId);
    if (broadcast.status !== "started") throw new VonageApiError(409, "Broadcast is not started.");
    this.#stopBroadcast(broadcast, reason);
    return broadcast;
  }

  // --- REST operations (called by the handlers once a request is authenticated and valid). ---

  createSession(options: {
    readonly mediaMode: EmulatedSession["mediaMode"];
    readonly archiveMode: EmulatedSession["archiveMode"];
    readonly location: string | null;
  }): EmulatedSession {
    // Shaped like Vonage's session ids: a version prefix and an opaque base64 body.
    const session = {
      id: `2_MX4${randomBytes(36).toString("base64url")}`,
      ...options,
      createdAt: this.#now(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  startArchive(input: {
    readonly sessionId: string;
    readonly name: string;
    readonly outputMode: EmulatedArchive["outputMode"];
    readonly resolution: string;
    readonly streamMode: EmulatedArchive["streamMode"];
    readonly hasAudio: boolean;
    readonly hasVideo: boolean;
    readonly maxBitrate: number | null;
    readonly quantizationParameter: number | null;
    readonly multiArchiveTag: string | null;
    readonly layout: EmulatedLayout;
  }): EmulatedArchive {
    const session = this.#session(input.sessionId);
    if (session.mediaMode !== "routed") {
      throw new VonageApiError(409, "Only routed sessions can be archived.");
    }
    if (this.#connectionsOf(session.id).length === 0) {
      throw new VonageApiError(404, "No clients are actively connected to the session.");
    }
    // Reference: one archive at a time per session "if you do not specify a unique
    // multiArchiveTag"; simultaneous archives each need their own tag (else 409).
    const running = [...this.#archives.values()].some(
      (a) =>
        a.sessionId === session.id &&
        (a.status === "started" || a.status === "paused") &&
        a.multiArchiveTag === input.multiArchiveTag,
    );
    if (running) throw new VonageApiError(409, "The session is already being recorded.");
    const archive: Mutable<EmulatedArchive> = {
      id: randomUUID(),
      ...input,
      status: "started",
      reason: "",
      createdAt: this.#now(),
      updatedAt: this.#now(),
      stoppedAt: null,
      streams: [],
    };
    this.#archives.set(archive.id, archive);
    this.#emitArchive(archive);
    return archive;
  }

  stopArchive(archiveId: string): EmulatedArchive {
    const archive = this.#archive(archiveId);
    if (archive.status !== "started" && archive.status !== "paused") {
      throw new VonageApiError(409, "The archive is not being recorded.");
    }
    this.#stopArchive(archive, userInitiated);
    return archive;
  }

  getArchive(archiveId: string): EmulatedArchive {
    return this.#archive(archiveId);
  }

  deleteArchive(archiveId: string): void {
    const archive = this.#archive(archiveId);
    if (archive.status === "deleted") return;
    // Vonage only deletes an archive whose status is uploaded, available or deleted; any other
    // (still recording, stopped and being processed, expired, failed) is refused with 409.
    if (archive.status !== "uploaded" && archive.status !== "available") {
      throw new VonageApiError(
        409,
        `Only an available or uploaded archive can be deleted (this one is ${archive.status}).`,
      );
    }
    archive.status = "deleted";
    archive.updatedAt = this.#now();
  }

  changeArchiveStreams(
    archiveId: string,
    change:
      | { readonly add: string; readonly hasAudio: boolean; readonly hasVideo: boolean }
      | { readonly remove: string },
  ): void {
    const archive = this.#archive(archiveId);
    // Vonage answers 400 (invalid request) for a stream change on an auto-mode archive.
    if (archive.streamMode !== "manual") {
      throw new VonageApiError(400, "Streams can only be chosen in manual stream mode.");
    }
    // Assumption: the reference gives no status for a stream change on a stopped archive.
    if (archive.status !== "started" && archive.status !== "paused") {
      throw new VonageApiError(409, "The archive is not being recorded.");
    }
    archive.streams = this.#changeStreams(archive.sessionId, archive.streams, change);
  }

  setArchiveLayout(archiveId: string, layout: EmulatedLayout): void {
    const archive = this.#archive(archiveId);
    if (archive.outputMode !== "composed") {
      throw new VonageApiError(400, "Only composed archives have a layout.");
    }
    // Assumption: the reference gives no status for a layout change on a stopped archive.
    if (archive.status !== "started" && archive.status !== "paused") {
      throw new VonageApiError(409, "The archive is not being recorded.");
    }
    archive.layout = layout;
  }

  startBroadcast(input: {
    readonly sessionId: string;
    readonly maxDuration: number;
    readonly resolution: string;
    readonly streamMode: EmulatedBroadcast["streamMode"];
    readonly multiBroadcastTag: string | null;
    readonly maxBitrate: number | null;
    readonly hls: EmulatedBroadcast["hls"];
    readonly rtmp: readonly EmulatedRtmpTarget[];
    readonly layout: EmulatedLayout;
    readonly hasAudio: boolean;
    readonly hasVideo: boolean;
  }): EmulatedBroadcast {
    const session = this.#session(input.sessionId);
    // Assumption: the statuses for a relayed session (409) and an empty one (400).
    if (session.mediaMode !== "routed") {
      throw new VonageApiError(409, "Only routed sessions can be broadcast.");
    }
    if (this.#connectionsOf(session.id).length === 0) {
      throw new VonageApiError(400, "No clients are actively connected to the session.");
    }
    const clash = [...this.#broadcasts.values()].some(
      (b) =>
        b.sessionId === session.id &&
        b.status === "started" &&
        b.multiBroadcastTag === input.multiBroadcastTag,
    );
    // Vonage: 409 "The broadcast has already started for the session" (per multiBroadcastTag).
    if (clash) {
      throw new VonageApiError(409, "The broadcast has already started for the session.");
    }
    const now = this.#now();
    const broadcast: Mutable<EmulatedBroadcast> = {
      id: randomUUID(),
      ...input,
      status: "started",
      reason: "",
      createdAt: now,
      updatedAt: now,
      streams: [],
    };
    this.#broadcasts.set(broadcast.id, broadcast);
    this.#emit({ event: "broadcast", ...this.#broadcastJson(broadcast) });
    return broadcast;
  }

  stopBroadcast(broadcastId: string): EmulatedBroadcast {
    const broadcast = this.#broadcast(broadcastId);
    // Vonage documents 404 when the broadcast "was not found or it has already stopped", and
    // no 409, for this call.
    if (broadcast.status !== "started") throw this.#stoppedBroadcast();
    this.#stopBroadcast(broadcast, userInitiated);
    return broadcast;
  }

  getBroadcast(broadcastId: string): EmulatedBroadcast {
    return this.#broadcast(broadcastId);
  }

  changeBroadcastStreams(
    broadcastId: string,
    change:
      | { readonly add: string; readonly hasAudio: boolean; readonly hasVideo: boolean }
      | { readonly remove: string },
  ): void {
    const broadcast = this.#broadcast(broadcastId);
    // Vonage answers 400 (invalid request) for a stream change on an auto-mode broadcast.
    if (broadcast.streamMode !== "manual") {
      throw new VonageApiError(400, "Streams can only be chosen in manual stream mode.");
    }
    // Assumption: a stopped broadcast is answered as on stop (404); the reference lists no 409.
    if (broadcast.status !== "started") throw this.#stoppedBroadcast();
    broadcast.streams = this.#changeStreams(broadcast.sessionId, broadcast.streams, change);
    broadcast.updatedAt = this.#now();
  }

  setBroadcastLayout(broadcastId: string, layout: EmulatedLayout): void {
    const broadcast = this.#broadcast(broadcastId);
    // Assumption: a stopped broadcast is answered as on stop (404); the reference lists no 409.
    if (broadcast.status !== "started") throw this.#stoppedBroadcast();
    broadcast.layout = layout;
    broadcast.updatedAt = this.#now();
  }

  setClassLists(
    sessionId: string,
    items: readonly { readonly id: string; readonly layoutClassList: readonly string[] }[],
  ): void {
    this.#session(sessionId);
    // Vonage's support answers 404 when a stream of the list is not in the session (an ended
    // stream, a typo). Assumption: no class of the list is then applied.
    for (const item of items) {
      const stream = this.#streams.get(item.id);
      if (stream === undefined || stream.sessionId !== sessionId) {
        throw new VonageApiError(404, "Stream not found in the session.");
      }
    }
    for (const item of items) {
      const stream = this.#streams.get(item.id);
      if (stream !== undefined) stream.layoutClassList = [...item.layoutClassList];
    }
  }

  forceDisconnect(sessionId: string, connectionId: string): void {
    this.#session(sessionId);
    const connection = this.#connections.get(connectionId);
    if (connection === undefined || connection.sessionId !== sessionId) {
      throw new VonageApiError(404, "The client is not connected to the session.");
    }
    this.leave(connectionId, "forceDisconnected");
  }

  signal(sessionId: string, connectionId: string | null, type: string, data: string): void {
    this.#session(sessionId);
    if (connectionId !== null) {
      const connection = this.#connections.get(connectionId);
      if (connection === undefined || connection.sessionId !== sessionId) {
        throw new VonageApiError(404, "The client is not connected to the session.");
      }
    }
    this.#signals.push({ sessionId, connectionId, type, data, at: this.#now() });
  }

  /** The archive as the REST API shows it now (a fresh link when available). */
  archiveJson(archive: EmulatedArchive): Record<string, unknown> {
    return archiveJson(archive, this.#config.applicationId, this.#now());
  }

  /** The broadcast as list and get answers show it (see `omitMultiBroadcastTag`). */
  broadcastJson(broadcast: EmulatedBroadcast): Record<string, unknown> {
    const json = this.#broadcastJson(broadcast);
    if (!this.#omitTag) return json;
    const { multiBroadcastTag: _omitted, ...rest } = json;
    return rest;
  }

  /** The broadcast as the start and stop answers show it. */
  startedBroadcastJson(broadcast: EmulatedBroadcast): Record<string, unknown> {
    return this.#broadcastJson(broadcast);
  }

  // --- internals ---

  #now(): number {
    return this.#config.now();
  }

  #emit(callback: VonageCallback): void {
    this.#callbacks.push(callback);
  }

  #emitArchive(archive: EmulatedArchive): void {
    this.#emit({ event: "archive", ...this.archiveJson(archive) });
  }

  #broadcastJson(broadcast: EmulatedBroadcast): Record<string, unknown> {
    return broadcastJson(broadcast, this.#config.applicationId);
  }

  #stopArchive(archive: Mutable<EmulatedArchive>, reason: string): void {
    archive.status = "stopped";
    archive.reason = reason;
    archive.stoppedAt = this.#now();
    archive.updatedAt = this.#now();
    this.#emitArchive(archive);
  }

  #stopBroadcast(broadcast: Mutable<EmulatedBroadcast>, reason: string): void {
    broadcast.status = "stopped";
    broadcast.reason = reason;
    broadcast.updatedAt = this.#now();
    this.#emit({ event: "broadcast", ...this.#broadcastJson(broadcast) });
  }

  #changeStreams(
    sessionId: string,
    streams: readonly EmulatedOutputStream[],
    change:
      | { readonly add: string; readonly hasAudio: boolean; readonly hasVideo: boolean }
      | { readonly remove: string },
  ): readonly EmulatedOutputStream[] {
    if ("remove" in change) {
      // Assumption: removing a stream the output does not hold is 404 (not documented).
      if (!streams.some((s) => s.streamId === change.remove)) {
        throw new VonageApiError(404, "The stream is not in this output.");
      }
      return streams.filter((s) => s.streamId !== change.remove);
    }
    // Vonage answers 404 for a stream that is not (or no longer) published in the session.
    const stream = this.#streams.get(change.add);
    if (stream === undefined || stream.sessionId !== sessionId) {
      throw new VonageApiError(404, "The stream is not published in the session.");
    }
    // Assumption: adding a stream the output already holds is 409 (not documented).
    if (streams.some((s) => s.streamId === change.add)) {
      throw new VonageApiError(409, "The stream is already in this output.");
    }
    return [
      ...streams,
      { streamId: change.add, hasAudio: change.hasAudio, hasVideo: change.hasVideo },
    ];
  }

  #connectionsOf(sessionId: string): EmulatedConnection[] {
    return [...this.#connections.values()].filter((c) => c.sessionId === sessionId);
  }

  #session(sessionId: string): Mutable<EmulatedSession> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) throw notFound("Session");
    return session;
  }

  #connection(connectionId: string): Mutable<EmulatedConnection> {
    const connection = this.#connections.get(connectionId);
    if (connection === undefined) throw notFound("Connection");
    return connection;
  }

  #archive(archiveId: string): Mutable<EmulatedArchive> {
    const archive = this.#archives.get(archiveId);
    if (archive === undefined) throw notFound("Archive");
    return archive;
  }

  #stoppedBroadcast(): VonageApiError {
    return new VonageApiError(404, "The broadcast was not found or it has already stopped.");
  }

  #broadcast(broadcastId: string): Mutable<EmulatedBroadcast> {
    const broadcast = this.#broadcasts.get(broadcastId);
    if (broadcast === undefined) throw notFound("Broadcast");
    return broadcast;
  }

  #connectionEvent(
    event: "connectionCreated" | "connectionDestroyed",
    connection: EmulatedConnection,
    reason: string | null,
  ): VonageCallback {
    return {
      sessionId: connection.sessionId,
      applicationId: this.#config.applicationId,
      event,
      timestamp: this.#now(),
      ...(reason === null ? {} : { reason }),
      connection: { id: connection.id, createdAt: connection.createdAt, data: connection.data },
    };
  }

  #streamEvent(
    event: "streamCreated" | "streamDestroyed",
    stream: EmulatedStream,
    reason: string | null,
  ): VonageCallback {
    const connection = this.#connections.get(stream.connectionId);
    return {
      sessionId: stream.sessionId,
      applicationId: this.#config.applicationId,
      event,
      timestamp: this.#now(),
      ...(reason === null ? {} : { reason }),
      stream: {
        id: stream.id,
        connection: {
          id: stream.connectionId,
          createdAt: connection?.createdAt ?? stream.createdAt,
          data: connection?.data ?? "",
        },
        createdAt: stream.createdAt,
        name: stream.name,
        ...(stream.videoType === null ? {} : { videoType: stream.videoType }),
      },
    };
  }
}
