// The control room of one session for a moderator or a speaker: a store over a VideoClient that
// asks a fresh grant on every (re)connect, enters with the camera off (R-PERM-3), keeps one
// camera publication, and stops every track on leave.
import type { ContentKind, JoinGrant, StageInput } from "@onair/core";
import { isLiveError, LiveError } from "@onair/core/browser";
import type {
  ContentShareHandle,
  ContentSource,
  ContentSourceFactory,
  ControlRoom,
  ControlRoomOptions,
  ControlRoomState,
  JoinDevices,
  LiveClient,
  LiveStatus,
  RoomStream,
} from "../types.js";
import { createAttachments } from "../video/attachments.js";
import type {
  LocalPublication,
  RemoteStreamInfo,
  VideoClient,
  VideoRoom,
} from "../video/video-client.js";

const initialState: ControlRoomState = {
  status: "idle",
  grant: null,
  error: null,
  camera: "off",
  microphone: "off",
  sharing: null,
  streams: [],
  live: null,
  presence: null,
};

/** Delays between reconnect attempts after a network drop; then the room gives up. */
const reconnectDelaysMs = [0, 1_000, 2_000, 4_000, 8_000];

// Refusals of the join itself: trying again will not help until something changes.
const refusalCodes = new Set([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_A_PARTICIPANT",
  "SESSION_NOT_FOUND",
  "NOT_PUBLISHED",
  "NOT_LIVE_STREAM",
]);

function asLiveError(error: unknown): LiveError {
  if (isLiveError(error)) return error;
  const message = error instanceof Error ? error.message : "The video connection failed.";
  return new LiveError("PROVIDER_FAILED", message, { retriable: true, cause: error });
}

// Loaded on the first share: a page that never shares a file never loads the canvas code.
const defaultContentSource: ContentSourceFactory = async (file, kind) =>
  (await import("../content/content-source.js")).createContentSource(file, kind);

interface Share {
  readonly kind: ContentKind;
  readonly publication: LocalPublication;
  readonly source: ContentSource | null;
  page: number;
  readonly pageCount: number;
}

export function createControlRoom(
  client: LiveClient,
  sessionId: string,
  video: VideoClient,
  options: ControlRoomOptions = {},
): ControlRoom {
  const listeners = new Set<() => void>();
  let state = initialState;
  let room: VideoRoom | null = null;
  let camera: LocalPublication | null = null;
  let share: Share | null = null;
  let devices: JoinDevices = {};
  // Bumped on every entry and on leave: events and answers of an older connection are ignored.
  let generation = 0;
  let joining: Promise<void> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  // Streams shown in the page's elements: one's own through its preview, others' subscribed.
  const attachments = createAttachments(async (streamId, element) => {
    const own =
      camera?.streamId === streamId
        ? camera
        : share?.publication.streamId === streamId
          ? share.publication
          : null;
    if (own !== null) return (await own.preview?.(element)) ?? null;
    if (room === null) throw new LiveError("INVALID_INPUT", "Join the control room first.");
    return room.subscribe(streamId, element);
  });

  // R-PERM-6: while connected, a regular ping keeps this person counted (provider events alone
  // never renew a lease). Its failures are not the user's concern: the next ping tries again.
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  const followConnection = () => {
    if (state.status === "connected" && pingTimer === null) {
      pingTimer = setInterval(() => {
        client.renewPresence(sessionId).catch(() => undefined);
      }, options.presencePingMs ?? 30_000);
    } else if (state.status !== "connected" && pingTimer !== null) {
      clearInterval(pingTimer);
      pingTimer = null;
    }
  };

  const set = (next: Partial<ControlRoomState>) => {
    state = { ...state, ...next };
    followConnection();
    for (const listener of [...listeners]) listener();
  };

  const onStageIds = (live: LiveStatus | null) => new Set(live?.stage.streamIds ?? []);
  const withStage = (streams: readonly RoomStream[], live: LiveStatus | null) => {
    const ids = onStageIds(live);
    return streams.map((stream) =>
      stream.onStage === ids.has(stream.streamId)
        ? stream
        : { ...stream, onStage: ids.has(stream.streamId) },
    );
  };
  const putStream = (stream: Omit<RoomStream, "onStage">) => {
    const others = state.streams.filter((s) => s.streamId !== stream.streamId);
    const onStage = onStageIds(state.live).has(stream.streamId);
    set({ streams: [...others, { ...stream, onStage }] });
  };
  const dropStream = (streamId: string | null) => {
    if (streamId === null) return;
    attachments.detachStream(streamId);
    const streams = state.streams.filter((s) => s.streamId !== streamId);
    if (streams.length !== state.streams.length) set({ streams });
  };

  /** Runs an action; its refusal is kept in state (and rethrown), its success clears it. */
  const act = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      const result = await action();
      if (state.error !== null) set({ error: null });
      return result;
    } catch (error) {
      const liveError = asLiveError(error);
      set({ error: liveError });
      throw liveError;
    }
  };

  const connectedRoom = (): VideoRoom => {
    if (room === null || state.status !== "connected") {
      throw new LiveError("INVALID_INPUT", "Join the control room first.");
    }
    return room;
  };

  const stopShare = async () => {
    const current = share;
    share = null;
    if (current === null) return;
    dropStream(current.publication.streamId);
    set({ sharing: null });
    await current.publication.stop();
    await current.source?.stop();
  };

  // Stops what this connection published and leaves the room; safe to call twice.
  const teardown = async () => {
    const current = room;
    const cam = camera;
    room = null;
    camera = null;
    attachments.detachAll();
    await stopShare().catch(() => undefined);
    await cam?.stop().catch(() => undefined);
    await current?.leave().catch(() => undefined);
  };

  const enter = async (attempt: number): Promise<void> => {
    const mine = ++generation;
    let grant: JoinGrant;
    try {
      grant = await client.join(sessionId);
    } catch (error) {
      if (mine !== generation) return;
      const liveError = asLiveError(error);
      if (refusalCodes.has(liveError.code)) {
        set({ status: "refused", error: liveError, grant: null });
        throw liveError;
      }
      return retryOrFail(attempt, liveError);
    }
    if (mine !== generation) return;
    set({ grant });
    try {
      const connected = await video.connect(grant.connection, {
        streamAdded: (stream: RemoteStreamInfo) => {
          if (mine === generation) putStream({ ...stream, local: false });
        },
        streamRemoved: (streamId) => {
          if (mine === generation) dropStream(streamId);
        },
        disconnected: (reason) => {
          if (mine === generation) onDisconnected(reason);
        },
      });
      if (mine !== generation) {
        await connected.leave();
        return;
      }
      room = connected;
      // R-PERM-3: everyone enters with the camera off; the microphone is on.
      const publication = await connected.publishCamera({
        ...devices,
        publishVideo: false,
        publishAudio: true,
      });
      if (mine !== generation) {
        await publication.stop();
        return;
      }
      camera = publication;
      set({ status: "connected", camera: "off", microphone: "on", error: null });
      if (publication.streamId !== null) {
        putStream({
          streamId: publication.streamId,
          videoType: "camera",
          hasVideo: false,
          hasAudio: true,
          local: true,
        });
      }
    } catch (error) {
      if (mine !== generation) return;
      await teardown();
      return retryOrFail(attempt, asLiveError(error));
    }
  };

  const retryOrFail = async (attempt: number, error: LiveError): Promise<void> => {
    if (state.status === "reconnecting" && attempt + 1 < reconnectDelaysMs.length) {
      set({ error });
      scheduleReconnect(attempt + 1);
      return;
    }
    set({ status: "idle", error, grant: null });
    throw error;
  };

  const scheduleReconnect = (attempt: number) => {
    const mine = generation;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (mine !== generation || state.status !== "reconnecting") return;
      enter(attempt).catch(() => undefined);
    }, reconnectDelaysMs[attempt] ?? 0);
  };

  const onDisconnected = (reason: "network" | "forced" | "left") => {
    if (reason === "left") return;
    const streams: RoomStream[] = [];
    if (reason === "forced") {
      // A newer grant took this connection over, or the access was removed: no reconnect.
      generation += 1;
      void teardown();
      set({ status: "left", streams, sharing: null, camera: "off", microphone: "off" });
      return;
    }
    // A network drop: a fresh grant and a fresh entry (camera off again, R-PERM-3).
    generation += 1;
    void teardown();
    set({ status: "reconnecting", streams, sharing: null, camera: "off" });
    scheduleReconnect(0);
  };

  const handleFor = (current: Share): ContentShareHandle => {
    const goTo = (page: number) =>
      act(async () => {
        if (share !== current || current.source === null) return;
        const target = Math.min(Math.max(1, Math.trunc(page)), current.pageCount);
        await current.source.goTo(target);
        current.page = target;
        set({ sharing: { kind: current.kind, page: target, pageCount: current.pageCount } });
      });
    return {
      kind: current.kind,
      pageCount: current.pageCount,
      page: () => current.page,
      goTo,
      next: () => goTo(current.page + 1),
      previous: () => goTo(current.page - 1),
      stop: async () => {
        if (share === current) await act(stopShare);
      },
    };
  };

  const applyLive = (live: LiveStatus) => {
    set({ live, streams: withStage(state.streams, live) });
  };

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    join(chosen = {}) {
      if (state.status === "connected" || state.status === "reconnecting") return Promise.resolve();
      if (joining !== null) return joining;
      devices = chosen;
      set({ status: "joining", error: null });
      joining = enter(0).finally(() => {
        joining = null;
      });
      return joining;
    },
    async leave() {
      generation += 1;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      await teardown();
      set({
        status: "left",
        camera: "off",
        microphone: "off",
        sharing: null,
        streams: [],
      });
    },
    setCamera: (on) =>
      act(async () => {
        connectedRoom();
        if (camera === null) throw new LiveError("INVALID_INPUT", "Join the control room first.");
        // One camera publication for the whole connection: turning it on only sends its video.
        await camera.setVideo(on);
        set({ camera: on ? "on" : "off" });
        // The preview shows the camera's track, which the camera opens when first turned on.
        if (camera.streamId !== null) attachments.refresh(camera.streamId);
        const local = state.streams.find((s) => s.streamId === camera?.streamId);
        if (local !== undefined) putStream({ ...local, hasVideo: on });
      }),
    setMicrophone: (on) =>
      act(async () => {
        connectedRoom();
        if (camera === null) throw new LiveError("INVALID_INPUT", "Join the control room first.");
        await camera.setAudio(on);
        set({ microphone: on ? "on" : "off" });
        const local = state.streams.find((s) => s.streamId === camera?.streamId);
        if (local !== undefined) putStream({ ...local, hasAudio: on });
      }),
    shareScreen: () =>
      act(async () => {
        const current = connectedRoom();
        await stopShare();
        const publication = await current.publishScreen();
        share = { kind: "screen", publication, source: null, page: 1, pageCount: 1 };
        set({ sharing: { kind: "screen", page: 1, pageCount: 1 } });
        if (publication.streamId !== null) {
          putStream({
            streamId: publication.streamId,
            videoType: "screen",
            hasVideo: true,
            hasAudio: false,
            local: true,
          });
        }
      }),
    shareContent: (file) =>
      act(async () => {
        const current = connectedRoom();
        // R-PERM-4: the server judges the file by its bytes before anything is published.
        const check = await client.checkContent(sessionId, file);
        await stopShare();
        const source = await (options.contentSource ?? defaultContentSource)(file, check.kind);
        let publication: LocalPublication;
        try {
          publication = await current.publishTrack(source.track, { name: file.name });
        } catch (error) {
          await source.stop();
          throw error;
        }
        const created: Share = {
          kind: check.kind,
          publication,
          source,
          page: 1,
          pageCount: source.pageCount,
        };
        share = created;
        set({ sharing: { kind: check.kind, page: 1, pageCount: source.pageCount } });
        if (publication.streamId !== null) {
          putStream({
            streamId: publication.streamId,
            videoType: "custom",
            hasVideo: true,
            hasAudio: false,
            local: true,
          });
        }
        return handleFor(created);
      }),
    stopSharing: () => act(stopShare),
    startLive: () => act(async () => applyLive(await client.startLive(sessionId))),
    stopLive: () => act(async () => applyLive(await client.stopLive(sessionId))),
    setStage: (stage: StageInput) =>
      act(async () => applyLive(await client.setStage(sessionId, stage))),
    refreshPresence: () =>
      act(async () => {
        set({ presence: await client.presence(sessionId) });
      }),
    attach: (streamId, element) => attachments.attach(streamId, element),
  };
}
