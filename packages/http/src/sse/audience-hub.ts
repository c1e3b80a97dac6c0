// Fans one service subscription per session out to every SSE viewer of that session in this
// process: subscribed with the first viewer, unsubscribed with the last. It also keeps each
// viewer's audience presence lease alive (on connect and at every heartbeat).
import type { AudienceView, Clock, IdGenerator, LiveService, Logger } from "@onair/core";
import type { LiveHttpReply } from "../neutral.js";
import { shuttingDownProblem } from "../problems/http-problem.js";
import type { Scheduler } from "./scheduler.js";
import type { SseConnection } from "./sse-connection.js";
import { openSseConnection, sseFrame } from "./sse-connection.js";

export interface AudienceHubOptions {
  readonly service: Pick<LiveService, "subscribe" | "audience" | "touchAudience" | "leaveAudience">;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly heartbeatMs: number;
  /** A viewer that has not drained its socket for this long is dropped (it reconnects and resumes). */
  readonly stalledTimeoutMs: number;
  /** Reconnection delay suggested to browsers (`retry:`). */
  readonly retryMs: number;
  /** Viewers a heartbeat walks per turn of the event loop (default 1,000). */
  readonly heartbeatSliceViewers?: number;
}

export interface ViewerRequest {
  readonly reply: LiveHttpReply;
  readonly sessionId: string;
  /** The client's `Last-Event-ID`, when it is a version number. */
  readonly lastEventId: number | null;
  /**
   * Who watches, for presence counts (an opaque key, never an email); null for a stream that is
   * not counted as a viewer (a participant of the session, counted by their control room).
   */
  readonly viewerKey: string | null;
}

export interface AudienceHub {
  /**
   * Opens the stream; rejects (before any byte is written) when the snapshot cannot be read, or
   * with a 503 once the hub is closed.
   */
  connect(viewer: ViewerRequest): Promise<void>;
  readonly sessionCount: number;
  readonly viewerCount: number;
  /** Ends every stream and subscription, and refuses new ones from now on. */
  close(): void;
}

interface Viewer {
  readonly sessionId: string;
  readonly viewerKey: string | null;
  readonly connectionId: string;
  connection: SseConnection | null;
}

interface Channel {
  readonly viewers: Set<Viewer>;
  readonly unsubscribe: () => void;
  version: number;
  frame: string | null;
  /** The snapshot being read: viewers connecting meanwhile share it (their channel already listens). */
  reading: Promise<AudienceView> | null;
}

/** Runs `task` on a later turn of the event loop, without keeping the process alive for it. */
function nextTurn(task: () => void): void {
  const handle: unknown =
    typeof setImmediate === "function" ? setImmediate(task) : setTimeout(task, 0);
  (handle as { unref?: () => void } | null)?.unref?.();
}

/** Viewers a heartbeat walks per turn of the event loop. */
const heartbeatSliceViewers = 1_000;

/**
 * The same text as one flat string. Ids and keys are often built from pieces (`${prefix}_${…}`),
 * which V8 keeps as a tree of strings; reading the text as a whole flattens it in place, and the
 * garbage collector then drops the pieces. A viewer keeps its ids for the stream's whole life.
 */
function flat(text: string): string {
  Number(text);
  return text;
}

export function createAudienceHub(options: AudienceHubOptions): AudienceHub {
  const { service, logger } = options;
  const channels = new Map<string, Channel>();
  let viewerCount = 0;
  let stopHeartbeat: (() => void) | null = null;
  let closed = false;

  const broadcast = (channel: Channel, view: AudienceView) => {
    if (view.version <= channel.version) return;
    channel.version = view.version;
    channel.frame = sseFrame(view.version, view);
    for (const viewer of channel.viewers) viewer.connection?.send(channel.frame, view.version);
  };

  const channelOf = (sessionId: string): Channel => {
    const existing = channels.get(sessionId);
    if (existing !== undefined) return existing;
    const viewers = new Set<Viewer>();
    let channel: Channel | undefined;
    const unsubscribe = service.subscribe(sessionId, (view) => {
      if (channel !== undefined) broadcast(channel, view);
    });
    channel = { viewers, unsubscribe, version: -1, frame: null, reading: null };
    channels.set(sessionId, channel);
    return channel;
  };

  // Every viewer attaches to the channel before reading, so a read started after the channel
  // existed can be shared: any change it misses reaches the channel and is sent on open.
  const snapshotOf = (channel: Channel, sessionId: string): Promise<AudienceView> => {
    if (channel.reading !== null) return channel.reading;
    const reading = service.audience(sessionId);
    channel.reading = reading;
    const clear = () => {
      if (channel.reading === reading) channel.reading = null;
    };
    reading.then(clear, clear);
    return reading;
  };

  // Presence renewals of one heartbeat: the service gathers them into one store write. Their
  // outcomes are counted by two shared functions, with no closure, array or promise kept per
  // viewer by the hub; failures are logged once per beat.
  let renewing = 0;
  let renewalFailures = 0;
  const renewed = () => {
    if (--renewing === 0 && renewalFailures > 0) {
      logger.warn({ failures: renewalFailures }, "onair audience presence could not be renewed");
      renewalFailures = 0;
    }
  };
  const renewalFailed = () => {
    renewalFailures++;
    renewed();
  };
  const touch = (viewer: Viewer) => {
    // A participant of the session follows the view from the control room: not a viewer.
    if (viewer.viewerKey === null) return;
    renewing++;
    service
      .touchAudience(viewer.sessionId, viewer.viewerKey, viewer.connectionId)
      .then(renewed, renewalFailed);
  };

  // One beat walks every viewer, writing the one shared heartbeat comment and renewing its
  // presence, a slice of viewers per turn of the event loop: each slice's writes leave and its
  // renewals settle before the next, so a beat over a large audience never holds all of them at
  // once (which would grow the heap, and the process's memory, at every beat).
  let beat: Generator<void, void, void> | null = null;
  const sliceViewers = options.heartbeatSliceViewers ?? heartbeatSliceViewers;
  function* walk(now: number): Generator<void, void, void> {
    let walked = 0;
    for (const channel of channels.values()) {
      for (const viewer of channel.viewers) {
        const connection = viewer.connection;
        if (connection === null) continue;
        const stalledSince = connection.stalledSince;
        if (stalledSince !== null && now - stalledSince >= options.stalledTimeoutMs)
          connection.destroy();
        else connection.heartbeat();
        touch(viewer);
        if (++walked % sliceViewers === 0) yield;
      }
    }
  }
  const step = () => {
    if (beat === null) return;
    if (beat.next().done === true) beat = null;
    else nextTurn(step);
  };
  const heartbeat = () => {
    // A beat still walking a very large audience is not started over.
    if (beat !== null) return;
    beat = walk(options.clock.now());
    step();
  };

  const attach = (channel: Channel, viewer: Viewer) => {
    channel.viewers.add(viewer);
    viewerCount++;
    if (stopHeartbeat === null)
      stopHeartbeat = options.scheduler.every(options.heartbeatMs, heartbeat);
  };

  const detach = (viewer: Viewer) => {
    const channel = channels.get(viewer.sessionId);
    if (channel === undefined || !channel.viewers.delete(viewer)) return;
    viewerCount--;
    if (channel.viewers.size === 0) {
      channels.delete(viewer.sessionId);
      channel.unsubscribe();
    }
    if (viewerCount === 0 && stopHeartbeat !== null) {
      stopHeartbeat();
      stopHeartbeat = null;
    }
  };

  return {
    async connect({ reply, sessionId, lastEventId, viewerKey }) {
      // After close, nothing may subscribe again nor restart the heartbeat.
      if (closed) throw shuttingDownProblem();
      const viewer: Viewer = {
        sessionId: flat(sessionId),
        viewerKey: viewerKey === null ? null : flat(viewerKey),
        connectionId: flat(options.ids.next("sse")),
        connection: null,
      };
      // Subscribe before reading the snapshot so that no change can fall between the two.
      const channel = channelOf(sessionId);
      attach(channel, viewer);
      let snapshot: AudienceView;
      try {
        snapshot = await snapshotOf(channel, sessionId);
      } catch (error) {
        detach(viewer);
        throw error;
      }
      if (reply.closed) {
        detach(viewer);
        return;
      }
      // The hub closed while the snapshot was read: no stream may outlive it.
      if (!channel.viewers.has(viewer)) throw shuttingDownProblem();
      const connection = openSseConnection(reply, {
        retryMs: options.retryMs,
        now: () => options.clock.now(),
      });
      viewer.connection = connection;
      reply.onClose(() => {
        detach(viewer);
        if (viewer.viewerKey === null) return;
        service.leaveAudience(sessionId, viewer.connectionId).catch((error: unknown) => {
          logger.warn(
            { error: error instanceof Error ? error.name : typeof error },
            "onair audience presence could not be dropped",
          );
        });
      });
      // The newest state wins, whether it is the snapshot or a change that arrived meanwhile.
      const latest = Math.max(channel.version, snapshot.version);
      if (lastEventId === latest) connection.resumeAt(latest);
      if (snapshot.version > channel.version) broadcast(channel, snapshot);
      else if (channel.frame !== null) connection.send(channel.frame, channel.version);
      touch(viewer);
    },
    get sessionCount() {
      return channels.size;
    },
    get viewerCount() {
      return viewerCount;
    },
    close() {
      closed = true;
      beat = null;
      for (const channel of [...channels.values()]) {
        for (const viewer of [...channel.viewers]) {
          viewer.connection?.destroy();
          detach(viewer);
        }
      }
    },
  };
}
