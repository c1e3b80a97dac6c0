// The whole LiveProvider port in memory, with the Vonage behaviours onair must survive (idle and
// maximum-duration stops, statuses over time, short-lived links), on an injected clock.
// Tests drive it like the provider's clients would (connect, publish, leave) and inspect it.
import type {
  BroadcastInfo,
  Clock,
  IdGenerator,
  LiveProvider,
  ProviderEvent,
  ProviderRole,
  ProviderStage,
  RecordingInfo,
  StreamVideoType,
} from "@onair/core";
import { LiveError, providerRoleOf } from "@onair/core";
import type { TestClock } from "../test-clock.js";
import { createTestClock } from "../test-clock.js";
import type { DelayOptions, FailOptions, MockProviderMethod } from "./fault-injection.js";
import { createFaultPlan } from "./fault-injection.js";
import { decodeMockToken, encodeMockToken } from "./mock-token.js";
import type { SignedDelivery } from "./mock-webhooks.js";
import { signDelivery, verifyDelivery } from "./mock-webhooks.js";

/** Reasons the mock gives, in the words the Vonage Video API uses for archive stops and failures. */
export const mockStopReasons = {
  /** Stopped through the API (`stopRecording`, `stopBroadcast`). */
  user: "user initiated",
  /** Stopped by the provider 60 s after the last client left the room (R-LIFE-3). */
  idle: "session ended",
  /** Stopped by the provider after its maximum duration (Vonage: 4 h of recording, R-LIFE-3). */
  maxDuration: "maximum duration exceeded",
  /** Default reason of `failRecording`. */
  failure: "system failure",
} as const;

export interface MockLiveProviderOptions<C extends Clock = TestClock> {
  /**
   * Time source; a clock with `onChange` (like `createTestClock`) fires due stops as it moves. With
   * a real-time clock (`systemClock`), the mock sets a timer (unref'd) for its next due change.
   */
  readonly clock?: C;
  /** Returned with every token (default "mock-app"); also the issuer of webhook deliveries. */
  readonly applicationId?: string;
  /** Secret of the webhook HMAC (default "mock-webhook-secret"). */
  readonly webhookSecret?: string;
  /** Time from `stopped` to `available`/`uploaded` (default 30 s). */
  readonly processingMs?: number;
  /** True when recordings go to the platform's own storage: they end `uploaded`, without a link. */
  readonly uploadTarget?: boolean;
  /** Time after the last client left before recordings and broadcasts stop (default 60 s). */
  readonly idleStopMs?: number;
  /** Recorded time after which a recording stops (default 4 h, the Vonage maximum). */
  readonly maxRecordingMs?: number;
  /** Duration after which a broadcast stops (default 4 h, the Vonage default `maxDuration`). */
  readonly maxBroadcastMs?: number;
  /** How long an `available` recording stays on the provider's storage (default 72 h). */
  readonly retentionMs?: number;
  /** Lifetime of a replay link (default 10 min); shown in the link's `expires` parameter. */
  readonly linkLifetimeMs?: number;
  /**
   * Where room, recording, broadcast, connection and stream ids come from. Default: a counter
   * (`room_1`, `rec_2`, …), the same in every process. Give `randomIds` (from `@onair/core`)
   * when a database outlives the process: rooms a previous process saved keep their ids.
   */
  readonly ids?: IdGenerator;
}

/** A client connected to a room of the mock. */
export interface MockConnection {
  readonly connectionId: string;
  readonly roomId: string;
  readonly connectionData: string | null;
  /** The role of the token it connected with; null when connected without a token. */
  readonly providerRole: ProviderRole | null;
  readonly streamIds: readonly string[];
  readonly connectedAt: number;
}

/** One call of a port method, as the mock received it. */
export interface MockCall {
  readonly method: MockProviderMethod;
  readonly args: readonly unknown[];
  readonly at: number;
}

export interface ConnectOptions {
  /** A token from `issueToken`: checked for room and expiry, and gives the connection its role. */
  readonly token?: string;
  /** Connection data when connecting without a token. */
  readonly connectionData?: string | null;
}

export interface LeaveOptions {
  /** Default "clientDisconnected"; "networkDisconnected" for a dropped network. */
  readonly reason?: string;
  /** The provider never reports it (a lost webhook): no connection or stream event is emitted. */
  readonly lost?: boolean;
}

export interface DeliverOptions {
  /** Signing time, epoch milliseconds (default now): set it in the past to get a stale delivery. */
  readonly signedAt?: number;
  /** Signing secret (default the mock's); another one forges, null leaves the delivery unsigned. */
  readonly secret?: string | null;
}

/** Receives every provider event in order; a returned promise is awaited by `settle()`. */
export type ProviderEventListener = (event: ProviderEvent) => unknown;

export interface MockLiveProvider<C extends Clock = TestClock> extends LiveProvider {
  readonly clock: C;
  readonly applicationId: string;

  /** A client joins a room; emits `connection-created`. Returns the connection id. */
  connect(roomId: string, options?: ConnectOptions): string;
  /** A client leaves; its streams end, then its connection (reason "clientDisconnected"). */
  leave(roomId: string, connectionId: string, options?: LeaveOptions): void;
  /** A connected client publishes a stream; emits `stream-created`. Returns the stream id. */
  publish(roomId: string, connectionId: string, videoType?: StreamVideoType): string;
  /** A stream ends while its client stays (default reason "mediaStopped"). */
  unpublish(streamId: string, reason?: string): void;
  /** The provider fails a recording that is running or processing. */
  failRecording(recordingId: string, reason?: string): void;

  onEvent(listener: ProviderEventListener): () => void;
  /** Every event emitted so far, in order. */
  readonly events: readonly ProviderEvent[];
  /** Turns events into a signed webhook delivery that `parseWebhook` accepts (R-SEC-1). */
  deliver(
    event: ProviderEvent | readonly ProviderEvent[],
    options?: DeliverOptions,
  ): Promise<SignedDelivery>;
  /** Waits for the promises listeners returned; rethrows the first failure of a listener. */
  settle(): Promise<void>;

  /** Makes the next call(s) of a method fail (default: a retriable LiveError PROVIDER_FAILED). */
  failNext(method: MockProviderMethod, options?: FailOptions): void;
  /** Delays the next call(s) of a method by real time, to stage races. */
  delayNext(method: MockProviderMethod, ms: number, options?: DelayOptions): void;

  readonly calls: readonly MockCall[];
  callsTo(method: MockProviderMethod): readonly MockCall[];
  /** Recordings still recording (`started` or `paused`), of a room or of all rooms. */
  liveRecordings(roomId?: string): readonly RecordingInfo[];
  /** Broadcasts still running, of a room or of all rooms. */
  liveBroadcasts(roomId?: string): readonly BroadcastInfo[];
  connections(roomId: string): readonly MockConnection[];
  /** The last stage applied to a recording, a broadcast or a room (by its id), or null. */
  stageOf(outputOrRoomId: string): ProviderStage | null;
  /** Runs what is due at the clock's current time (automatic with a clock that has `onChange`). */
  tick(): void;
  /** Stops following the clock (and clears its timer) and forgets listeners and planned faults. */
  dispose(): void;
}

type RecordingStatus = RecordingInfo["status"];

interface RoomState {
  readonly id: string;
  readonly sessionId: string;
  readonly connections: Map<string, ConnectionState>;
  /** Since when nobody is connected; null while someone is. */
  emptySince: number | null;
}

interface ConnectionState {
  readonly id: string;
  readonly roomId: string;
  readonly connectionData: string | null;
  readonly providerRole: ProviderRole | null;
  readonly streams: Map<string, StreamState>;
  readonly connectedAt: number;
}

interface StreamState {
  readonly id: string;
  readonly connectionId: string;
  readonly videoType: StreamVideoType;
}

interface RecordingState {
  readonly id: string;
  readonly roomId: string;
  readonly name: string;
  readonly createdAt: number;
  status: RecordingStatus;
  /** Time spent `started` before the current stretch. */
  recordedMs: number;
  resumedAt: number | null;
  pausedAt: number | null;
  stoppedAt: number | null;
  doneAt: number | null;
  reason: string | null;
}

interface BroadcastState {
  readonly id: string;
  readonly roomId: string;
  readonly startedAt: number;
  readonly hlsUrl: string;
  status: "started" | "stopped";
  reason: string | null;
}

interface Due {
  readonly at: number;
  readonly run: (at: number) => void;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
/** Vonage composes at most 16 videos. */
const maxStageStreams = 16;
const maxConnectionData = 1000;
const maxTokenLifetime = 30 * 24 * hour;
/** setTimeout's longest delay; a later due change is re-planned when the timer fires. */
const maxTimerDelay = 2 ** 31 - 1;
const emailLike = /[^\s@]+@[^\s@]+\.[^\s@]+/;

function duration(value: number | undefined, fallback: number, name: string): number {
  const ms = value ?? fallback;
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${name} must be a non-negative number.`);
  return ms;
}

const failed = (message: string, retriable = false) =>
  new LiveError("PROVIDER_FAILED", message, { retriable });
const misuse = (message: string) => new LiveError("INVALID_INPUT", message);

export function createMockLiveProvider<C extends Clock = TestClock>(
  options: MockLiveProviderOptions<C> = {},
): MockLiveProvider<C> {
  const clock = (options.clock ?? createTestClock()) as C;
  const applicationId = options.applicationId ?? "mock-app";
  const webhookSecret = options.webhookSecret ?? "mock-webhook-secret";
  const processingMs = duration(options.processingMs, 30 * second, "processingMs");
  const idleStopMs = duration(options.idleStopMs, minute, "idleStopMs");
  const maxRecordingMs = duration(options.maxRecordingMs, 4 * hour, "maxRecordingMs");
  const maxBroadcastMs = duration(options.maxBroadcastMs, 4 * hour, "maxBroadcastMs");
  const retentionMs = duration(options.retentionMs, 72 * hour, "retentionMs");
  const linkLifetimeMs = duration(options.linkLifetimeMs, 10 * minute, "linkLifetimeMs");
  const uploadTarget = options.uploadTarget ?? false;

  const rooms = new Map<string, RoomState>();
  const streams = new Map<string, StreamState & { readonly roomId: string }>();
  const recordings = new Map<string, RecordingState>();
  const broadcasts = new Map<string, BroadcastState>();
  const stages = new Map<string, ProviderStage>();
  const events: ProviderEvent[] = [];
  const calls: MockCall[] = [];
  const listeners = new Set<ProviderEventListener>();
  const pending = new Set<Promise<void>>();
  const listenerFailures: unknown[] = [];
  const faults = createFaultPlan();
  let counter = 0;
  let linkCounter = 0;
  let ticking = false;

  const ids = options.ids;
  const nextId = (prefix: string) =>
    ids === undefined ? `${prefix}_${++counter}` : ids.next(prefix);

  // ---- events -------------------------------------------------------------------------------

  const emit = (event: ProviderEvent) => {
    const frozen = Object.freeze(event);
    events.push(frozen);
    planNextTick();
    for (const listener of [...listeners]) {
      try {
        const result = listener(frozen);
        if (result instanceof Promise) {
          const tracked: Promise<void> = result
            .then(
              () => undefined,
              (error: unknown) => {
                listenerFailures.push(error);
              },
            )
            .finally(() => pending.delete(tracked));
          pending.add(tracked);
        }
      } catch (error) {
        listenerFailures.push(error);
      }
    }
  };

  const emitRecording = (recording: RecordingState, at: number) =>
    emit({
      type: "recording",
      roomId: recording.roomId,
      recordingId: recording.id,
      name: recording.name,
      status: recording.status,
      reason: recording.reason,
      duration: durationOf(recording),
      at,
    });

  const emitBroadcast = (broadcast: BroadcastState, at: number) =>
    emit({
      type: "broadcast",
      roomId: broadcast.roomId,
      broadcastId: broadcast.id,
      status: broadcast.status,
      reason: broadcast.reason,
      hlsUrl: broadcast.hlsUrl,
      at,
    });

  // ---- views --------------------------------------------------------------------------------

  const isRecording = (recording: RecordingState) =>
    recording.status === "started" || recording.status === "paused";

  const durationOf = (recording: RecordingState): number | null =>
    isRecording(recording) ? null : Math.round(recording.recordedMs / second);

  /** A new link on every read, like a presigned URL (R-LIFE-7). */
  const freshLink = (recording: RecordingState) =>
    `https://mock-recordings.invalid/${recording.roomId}/${recording.id}.mp4?expires=${
      clock.now() + linkLifetimeMs
    }&sig=${++linkCounter}`;

  const recordingInfo = (recording: RecordingState): RecordingInfo => ({
    id: recording.id,
    roomId: recording.roomId,
    name: recording.name,
    status: recording.status,
    createdAt: recording.createdAt,
    duration: durationOf(recording),
    reason: recording.reason,
    url: recording.status === "available" ? freshLink(recording) : null,
  });

  const broadcastInfo = (broadcast: BroadcastState): BroadcastInfo => ({
    id: broadcast.id,
    hlsUrl: broadcast.hlsUrl,
    status: broadcast.status,
  });

  // ---- state changes ------------------------------------------------------------------------

  const stopRecordingAt = (recording: RecordingState, at: number, reason: string) => {
    if (recording.status === "started" && recording.resumedAt !== null) {
      recording.recordedMs += at - recording.resumedAt;
    }
    recording.status = "stopped";
    recording.reason = reason;
    recording.resumedAt = null;
    recording.pausedAt = null;
    recording.stoppedAt = at;
    emitRecording(recording, at);
  };

  const stopBroadcastAt = (broadcast: BroadcastState, at: number, reason: string) => {
    broadcast.status = "stopped";
    broadcast.reason = reason;
    emitBroadcast(broadcast, at);
  };

  const recordingsIn = (roomId: string) =>
    [...recordings.values()].filter((recording) => recording.roomId === roomId);

  // Vonage pauses an archive when the room empties and resumes it when a client is back.
  const roomEmptied = (room: RoomState, at: number) => {
    room.emptySince = at;
    planNextTick();
    for (const recording of recordingsIn(room.id)) {
      if (recording.status !== "started" || recording.resumedAt === null) continue;
      recording.recordedMs += at - recording.resumedAt;
      recording.resumedAt = null;
      recording.pausedAt = at;
      recording.status = "paused";
      emitRecording(recording, at);
    }
  };

  const roomOccupied = (room: RoomState, at: number) => {
    room.emptySince = null;
    for (const recording of recordingsIn(room.id)) {
      if (recording.status !== "paused") continue;
      recording.status = "started";
      recording.pausedAt = null;
      recording.resumedAt = at;
      emitRecording(recording, at);
    }
  };

  const endStream = (
    stream: StreamState & { readonly roomId: string },
    reason: string,
    report: boolean,
  ) => {
    streams.delete(stream.id);
    rooms.get(stream.roomId)?.connections.get(stream.connectionId)?.streams.delete(stream.id);
    if (report) {
      emit({
        type: "stream-destroyed",
        roomId: stream.roomId,
        streamId: stream.id,
        connectionId: stream.connectionId,
        reason,
        at: clock.now(),
      });
    }
  };

  const removeConnection = (
    room: RoomState,
    connection: ConnectionState,
    reason: string,
    report: boolean,
  ) => {
    for (const streamId of [...connection.streams.keys()]) {
      const stream = streams.get(streamId);
      if (stream !== undefined) endStream(stream, reason, report);
    }
    room.connections.delete(connection.id);
    if (report) {
      emit({
        type: "connection-destroyed",
        roomId: room.id,
        connectionId: connection.id,
        connectionData: connection.connectionData,
        reason,
        at: clock.now(),
      });
    }
    if (room.connections.size === 0) roomEmptied(room, clock.now());
  };

  // ---- time ---------------------------------------------------------------------------------

  const dueList = (): Due[] => {
    const due: Due[] = [];
    for (const recording of recordings.values()) {
      switch (recording.status) {
        case "started":
          if (recording.resumedAt !== null) {
            due.push({
              at: recording.resumedAt + maxRecordingMs - recording.recordedMs,
              run: (at) => stopRecordingAt(recording, at, mockStopReasons.maxDuration),
            });
          }
          break;
        case "paused":
          if (recording.pausedAt !== null) {
            due.push({
              at: recording.pausedAt + idleStopMs,
              run: (at) => stopRecordingAt(recording, at, mockStopReasons.idle),
            });
          }
          break;
        case "stopped":
          if (recording.stoppedAt !== null) {
            due.push({
              at: recording.stoppedAt + processingMs,
              run: (at) => {
                recording.status = uploadTarget ? "uploaded" : "available";
                recording.doneAt = at;
                emitRecording(recording, at);
              },
            });
          }
          break;
        case "available":
          if (recording.doneAt !== null) {
            due.push({
              at: recording.doneAt + retentionMs,
              run: (at) => {
                recording.status = "expired";
                emitRecording(recording, at);
              },
            });
          }
          break;
        default:
          break;
      }
    }
    for (const broadcast of broadcasts.values()) {
      if (broadcast.status !== "started") continue;
      due.push({
        at: broadcast.startedAt + maxBroadcastMs,
        run: (at) => stopBroadcastAt(broadcast, at, mockStopReasons.maxDuration),
      });
      const emptySince = rooms.get(broadcast.roomId)?.emptySince ?? null;
      if (emptySince !== null) {
        due.push({
          at: emptySince + idleStopMs,
          run: (at) => stopBroadcastAt(broadcast, at, mockStopReasons.idle),
        });
      }
    }
    return due;
  };

  /** Runs every due change in time order, each at its own instant, so cascades come out right. */
  const tick = () => {
    if (ticking) return;
    ticking = true;
    try {
      const now = clock.now();
      for (;;) {
        let first: Due | undefined;
        for (const due of dueList()) if (first === undefined || due.at < first.at) first = due;
        if (first === undefined || first.at > now) break;
        first.run(first.at);
      }
    } finally {
      ticking = false;
    }
  };

  const onChange = (clock as Partial<Pick<TestClock, "onChange">>).onChange;
  const followsClock = typeof onChange === "function";
  const unfollowClock = followsClock ? onChange.call(clock, () => tick()) : () => {};

  // A clock without `onChange` (real time, like `systemClock`) tells nobody that time passes: the
  // mock then sets a timer for its next due change (a stop, the end of processing), so recordings
  // and broadcasts move by themselves on a server. The timer never keeps a Node.js process alive.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let planning = false;
  let disposed = false;
  const planNextTick = () => {
    if (followsClock || disposed || planning) return;
    planning = true;
    queueMicrotask(() => {
      planning = false;
      if (disposed) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      let next = Number.POSITIVE_INFINITY;
      for (const due of dueList()) next = Math.min(next, due.at);
      if (next === Number.POSITIVE_INFINITY) return;
      const wait = Math.min(Math.max(0, next - clock.now()), maxTimerDelay);
      timer = setTimeout(() => {
        timer = undefined;
        tick();
        planNextTick();
      }, wait);
      (timer as { unref?: () => void }).unref?.();
    });
  };

  // ---- port plumbing ------------------------------------------------------------------------

  /**
   * Every port method records its call, takes its planned fault, and always yields once before
   * acting: a method called from an event listener never runs inside the emission of that event.
   */
  const run = async <T>(
    method: MockProviderMethod,
    args: readonly unknown[],
    work: () => T,
  ): Promise<T> => {
    calls.push(Object.freeze({ method, args: structuredClone(args), at: clock.now() }));
    const fault = faults.take(method);
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    else await undefined;
    if (fault.error !== null && !fault.afterEffect) throw fault.error;
    tick();
    const result = work();
    if (fault.error !== null) throw fault.error;
    return result;
  };

  const roomFor = (roomId: string): RoomState => {
    const room = rooms.get(roomId);
    if (room === undefined) throw failed(`Room ${roomId} does not exist.`);
    return room;
  };

  const simulatedRoom = (roomId: string): RoomState => {
    const room = rooms.get(roomId);
    if (room === undefined) throw misuse(`Room ${roomId} does not exist at the mock provider.`);
    return room;
  };

  const recordingFor = (recordingId: string): RecordingState => {
    const recording = recordings.get(recordingId);
    if (recording === undefined) throw failed(`Recording ${recordingId} does not exist.`);
    return recording;
  };

  const broadcastFor = (broadcastId: string): BroadcastState => {
    const broadcast = broadcasts.get(broadcastId);
    if (broadcast === undefined) throw failed(`Broadcast ${broadcastId} does not exist.`);
    return broadcast;
  };

  const checkStage = (room: RoomState, stage: ProviderStage) => {
    if (stage.streamIds.length > maxStageStreams) {
      throw failed(`A composition holds at most ${maxStageStreams} videos.`);
    }
    for (const streamId of stage.streamIds) {
      if (streams.get(streamId)?.roomId !== room.id) {
        throw failed(`Stream ${streamId} is not published in room ${room.id}.`);
      }
    }
    if (stage.focusStreamId !== null && !stage.streamIds.includes(stage.focusStreamId)) {
      throw failed("The focused stream is not on the stage.");
    }
  };

  const keepStage = (id: string, stage: ProviderStage) =>
    stages.set(id, structuredClone({ ...stage, streamIds: [...stage.streamIds] }));

  // ---- the port -----------------------------------------------------------------------------

  const mock: MockLiveProvider<C> = {
    limits: { maxStageStreams },
    clock,
    applicationId,

    createRoom(sessionId) {
      return run("createRoom", [sessionId], () => {
        const room: RoomState = {
          id: nextId("room"),
          sessionId,
          connections: new Map(),
          emptySince: clock.now(),
        };
        rooms.set(room.id, room);
        return { roomId: room.id };
      });
    },

    issueToken(roomId, request) {
      return run("issueToken", [roomId, request], () => {
        roomFor(roomId);
        const now = clock.now();
        if (request.connectionData.length > maxConnectionData) {
          throw failed(`Connection data is limited to ${maxConnectionData} characters.`);
        }
        if (emailLike.test(request.connectionData)) {
          // R-DATA-1: the provider must only ever see an opaque id.
          throw failed("Connection data must not hold an email address.");
        }
        if (!(request.expiresAt > now) || request.expiresAt > now + maxTokenLifetime) {
          throw failed("A token must expire in the future, within 30 days.");
        }
        const providerRole = providerRoleOf(request.role);
        const token = encodeMockToken({
          applicationId,
          roomId,
          role: request.role,
          providerRole,
          connectionData: request.connectionData,
          expiresAt: request.expiresAt,
          issuedAt: now,
          nonce: ++counter,
        });
        return {
          providerRole,
          connection: { provider: "mock", applicationId, roomId, token },
        };
      });
    },

    startRecording(roomId, { name, stage }) {
      return run("startRecording", [roomId, { name, stage }], () => {
        const room = roomFor(roomId);
        if (recordingsIn(roomId).some(isRecording)) {
          throw failed(`Room ${roomId} is already being recorded.`);
        }
        if (room.connections.size === 0) {
          // Vonage refuses to record a room nobody is connected to; a client coming back allows it.
          throw failed(`Room ${roomId} has no connected client to record.`, true);
        }
        checkStage(room, stage);
        const now = clock.now();
        const recording: RecordingState = {
          id: nextId("rec"),
          roomId,
          name,
          createdAt: now,
          status: "started",
          recordedMs: 0,
          resumedAt: now,
          pausedAt: null,
          stoppedAt: null,
          doneAt: null,
          reason: null,
        };
        recordings.set(recording.id, recording);
        keepStage(recording.id, stage);
        emitRecording(recording, now);
        return recordingInfo(recording);
      });
    },

    stopRecording(recordingId) {
      return run("stopRecording", [recordingId], () => {
        const recording = recordingFor(recordingId);
        if (!isRecording(recording)) {
          throw failed(`Recording ${recordingId} is not recording (${recording.status}).`);
        }
        stopRecordingAt(recording, clock.now(), mockStopReasons.user);
        return recordingInfo(recording);
      });
    },

    listRecordings(roomId) {
      return run("listRecordings", [roomId], () =>
        recordingsIn(roomId)
          .sort((a, b) => b.createdAt - a.createdAt)
          .map(recordingInfo),
      );
    },

    getRecording(recordingId) {
      return run("getRecording", [recordingId], () => recordingInfo(recordingFor(recordingId)));
    },

    deleteRecording(recordingId) {
      return run("deleteRecording", [recordingId], () => {
        // Like Vonage: deleting a recording that is already gone is done, not an error.
        if (!recordings.has(recordingId)) return;
        const recording = recordingFor(recordingId);
        if (isRecording(recording)) {
          throw failed(`Recording ${recordingId} must be stopped before it is deleted.`);
        }
        if (recording.status === "stopped") {
          throw failed(`Recording ${recordingId} is still being processed.`, true);
        }
        recordings.delete(recordingId);
        stages.delete(recordingId);
      });
    },

    startBroadcast(roomId, stage) {
      return run("startBroadcast", [roomId, stage], () => {
        const room = roomFor(roomId);
        if ([...broadcasts.values()].some((b) => b.roomId === roomId && b.status === "started")) {
          throw failed(`Room ${roomId} is already broadcasting.`);
        }
        if (room.connections.size === 0) {
          throw failed(`Room ${roomId} has no connected client to broadcast.`, true);
        }
        checkStage(room, stage);
        const id = nextId("bc");
        const broadcast: BroadcastState = {
          id,
          roomId,
          startedAt: clock.now(),
          hlsUrl: `https://mock-hls.invalid/${id}/playlist.m3u8`,
          status: "started",
          reason: null,
        };
        broadcasts.set(id, broadcast);
        keepStage(id, stage);
        emitBroadcast(broadcast, broadcast.startedAt);
        return broadcastInfo(broadcast);
      });
    },

    stopBroadcast(broadcastId) {
      return run("stopBroadcast", [broadcastId], () => {
        const broadcast = broadcastFor(broadcastId);
        if (broadcast.status !== "started")
          throw failed(`Broadcast ${broadcastId} is not running.`);
        stopBroadcastAt(broadcast, clock.now(), mockStopReasons.user);
        return broadcastInfo(broadcast);
      });
    },

    setStage(roomId, stage, outputs) {
      return run("setStage", [roomId, stage, outputs], () => {
        const room = roomFor(roomId);
        checkStage(room, stage);
        if (outputs.recordingId !== null) {
          const recording = recordingFor(outputs.recordingId);
          if (recording.roomId !== roomId || !isRecording(recording)) {
            throw failed(`Recording ${outputs.recordingId} is not recording room ${roomId}.`);
          }
        }
        if (outputs.broadcastId !== null) {
          const broadcast = broadcastFor(outputs.broadcastId);
          if (broadcast.roomId !== roomId || broadcast.status !== "started") {
            throw failed(`Broadcast ${outputs.broadcastId} is not running in room ${roomId}.`);
          }
        }
        keepStage(roomId, stage);
        if (outputs.recordingId !== null) keepStage(outputs.recordingId, stage);
        if (outputs.broadcastId !== null) keepStage(outputs.broadcastId, stage);
      });
    },

    disconnect(roomId, connectionId) {
      return run("disconnect", [roomId, connectionId], () => {
        const room = rooms.get(roomId);
        const connection = room?.connections.get(connectionId);
        if (room === undefined || connection === undefined) return;
        removeConnection(room, connection, "forceDisconnected", true);
      });
    },

    parseWebhook(headers, rawBody, now) {
      return run("parseWebhook", [headers, rawBody, now], () => now).then((at) =>
        verifyDelivery(headers, rawBody, { applicationId, secret: webhookSecret, now: at }),
      );
    },

    // ---- simulation of clients ----------------------------------------------------------------

    connect(roomId, connectOptions = {}) {
      tick();
      const room = simulatedRoom(roomId);
      let connectionData = connectOptions.connectionData ?? null;
      let providerRole: ProviderRole | null = null;
      if (connectOptions.token !== undefined) {
        const claims = decodeMockToken(connectOptions.token);
        if (claims.applicationId !== applicationId || claims.roomId !== roomId) {
          throw new LiveError("UNAUTHORIZED", "The token is for another room.");
        }
        if (claims.expiresAt <= clock.now()) {
          throw new LiveError("UNAUTHORIZED", "The token has expired; ask a fresh grant.");
        }
        connectionData = claims.connectionData;
        providerRole = claims.providerRole;
      }
      const connection: ConnectionState = {
        id: nextId("con"),
        roomId,
        connectionData,
        providerRole,
        streams: new Map(),
        connectedAt: clock.now(),
      };
      const wasEmpty = room.connections.size === 0;
      room.connections.set(connection.id, connection);
      emit({
        type: "connection-created",
        roomId,
        connectionId: connection.id,
        connectionData,
        at: clock.now(),
      });
      if (wasEmpty) roomOccupied(room, clock.now());
      return connection.id;
    },

    leave(roomId, connectionId, leaveOptions = {}) {
      tick();
      const room = simulatedRoom(roomId);
      const connection = room.connections.get(connectionId);
      if (connection === undefined)
        throw misuse(`Connection ${connectionId} is not in room ${roomId}.`);
      removeConnection(
        room,
        connection,
        leaveOptions.reason ?? "clientDisconnected",
        !leaveOptions.lost,
      );
    },

    publish(roomId, connectionId, videoType = "camera") {
      tick();
      const room = simulatedRoom(roomId);
      const connection = room.connections.get(connectionId);
      if (connection === undefined)
        throw misuse(`Connection ${connectionId} is not in room ${roomId}.`);
      if (connection.providerRole === "subscriber") {
        throw new LiveError("FORBIDDEN", "A subscriber token cannot publish (R-PERM-1).");
      }
      const stream = { id: nextId("str"), roomId, connectionId, videoType };
      streams.set(stream.id, stream);
      connection.streams.set(stream.id, stream);
      emit({
        type: "stream-created",
        roomId,
        streamId: stream.id,
        connectionId,
        connectionData: connection.connectionData,
        videoType,
        at: clock.now(),
      });
      return stream.id;
    },

    unpublish(streamId, reason = "mediaStopped") {
      tick();
      const stream = streams.get(streamId);
      if (stream === undefined) throw misuse(`Stream ${streamId} is not published.`);
      endStream(stream, reason, true);
    },

    failRecording(recordingId, reason = mockStopReasons.failure) {
      tick();
      const recording = recordings.get(recordingId);
      if (recording === undefined) throw misuse(`Recording ${recordingId} does not exist.`);
      if (!isRecording(recording) && recording.status !== "stopped") {
        throw misuse(`Recording ${recordingId} is already ${recording.status}.`);
      }
      const now = clock.now();
      if (recording.status === "started" && recording.resumedAt !== null) {
        recording.recordedMs += now - recording.resumedAt;
      }
      recording.status = "failed";
      recording.reason = reason;
      recording.resumedAt = null;
      recording.pausedAt = null;
      emitRecording(recording, now);
    },

    // ---- events, faults, inspection -----------------------------------------------------------

    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    get events() {
      return [...events];
    },

    deliver(event, deliverOptions = {}) {
      const list: readonly ProviderEvent[] = Array.isArray(event)
        ? event
        : [event as ProviderEvent];
      return signDelivery(list, {
        applicationId,
        secret: deliverOptions.secret === undefined ? webhookSecret : deliverOptions.secret,
        signedAt: deliverOptions.signedAt ?? clock.now(),
      });
    },

    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
      const [first] = listenerFailures.splice(0);
      if (first !== undefined) throw first;
    },

    failNext(method, failOptions) {
      faults.failNext(method, failOptions);
    },

    delayNext(method, ms, delayOptions) {
      faults.delayNext(method, ms, delayOptions);
    },

    get calls() {
      return [...calls];
    },

    callsTo(method) {
      return calls.filter((call) => call.method === method);
    },

    liveRecordings(roomId) {
      tick();
      return [...recordings.values()]
        .filter(
          (recording) =>
            isRecording(recording) && (roomId === undefined || recording.roomId === roomId),
        )
        .map(recordingInfo);
    },

    liveBroadcasts(roomId) {
      tick();
      return [...broadcasts.values()]
        .filter(
          (broadcast) =>
            broadcast.status === "started" && (roomId === undefined || broadcast.roomId === roomId),
        )
        .map(broadcastInfo);
    },

    connections(roomId) {
      tick();
      return [...(rooms.get(roomId)?.connections.values() ?? [])].map((connection) => ({
        connectionId: connection.id,
        roomId: connection.roomId,
        connectionData: connection.connectionData,
        providerRole: connection.providerRole,
        streamIds: [...connection.streams.keys()],
        connectedAt: connection.connectedAt,
      }));
    },

    stageOf(outputOrRoomId) {
      const stage = stages.get(outputOrRoomId);
      return stage === undefined ? null : structuredClone(stage);
    },

    tick,

    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      unfollowClock();
      listeners.clear();
      faults.clear();
    },
  };
  return mock;
}
