// Test doubles for the @onair/client stores: a control room that drives a video client (the
// fake of @onair/testing) the way the real one does (camera off on entry), and an audience
// follower the test pushes views to.

import type {
  AudienceFollower,
  AudienceRoom,
  AudienceState,
  ContentShareHandle,
  ControlRoom,
  ControlRoomState,
  LiveClient,
  LiveStatus,
  LocalPublication,
  RoomStream,
  VideoClient,
  VideoRoom,
} from "@onair/client";
import type { AudienceView, JoinGrant, Layout, Role } from "@onair/core";
import { capabilitiesOf, LiveError, troubleshootingItems } from "@onair/core/browser";
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";

export function aGrant(role: Role, sessionId = "ses_1"): JoinGrant {
  const roles: Role[] = [role];
  return {
    sessionId,
    role,
    roles,
    capabilities: capabilitiesOf(roles),
    providerRole:
      role === "moderator" ? "moderator" : role === "speaker" ? "publisher" : "subscriber",
    connection: { provider: "mock", applicationId: "app", roomId: "room_1", token: "token" },
    grantId: "g_1",
    expiresAt: 0,
    camera: "off",
    microphone: "on",
    onStage: false,
  };
}

type StageLike = {
  readonly streamIds: readonly string[];
  readonly layout: Layout;
  readonly focusStreamId?: string | null | undefined;
};

function aStatus(sessionId: string, phase: LiveStatus["phase"], stage?: StageLike): LiveStatus {
  return {
    sessionId,
    version: 1,
    phase,
    startedAt: phase === "scheduled" ? null : "2026-06-01T07:00:00.000Z",
    endedAt: phase === "ended" ? "2026-06-01T08:00:00.000Z" : null,
    replay: phase === "ended" ? "processing" : "none",
    stage: {
      streamIds: stage?.streamIds ?? [],
      layout: stage?.layout ?? "grid",
      focusStreamId: stage?.focusStreamId ?? null,
    },
    streams: [],
  };
}

class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private snapshot: T) {}
  getSnapshot = () => this.snapshot;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  set(change: Partial<T>) {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

export interface FakeRoomOptions {
  readonly role: Role;
  readonly phase?: LiveStatus["phase"];
  readonly streams?: readonly RoomStream[];
}

/** A fake video client of its own rooms, with stand-in tracks (happy-dom has no media). */
export function aFakeVideoClient() {
  const video = createFakeVideoClient({ rooms: createFakeVideoRooms(), media: "synthetic" });
  return {
    video,
    count: (method: string) => video.calls.filter((c) => c.method === method).length,
  };
}

/** A control room over a video client, refusing what the role may not do as the server would. */
export function createFakeControlRoom(
  sessionId: string,
  video: VideoClient,
  options: FakeRoomOptions,
) {
  const calls: string[] = [];
  const store = new Store<ControlRoomState>({
    status: "idle",
    grant: null,
    error: null,
    camera: "off",
    microphone: "off",
    sharing: null,
    streams: options.streams ?? [],
    live: aStatus(sessionId, options.phase ?? "scheduled"),
    presence: null,
  });
  let room: VideoRoom | null = null;
  let camera: LocalPublication | null = null;
  const grant = aGrant(options.role, sessionId);
  const allowed = (capability: string) => {
    if (grant.capabilities.includes(capability as never)) return true;
    store.set({ error: new LiveError("FORBIDDEN", "Not allowed") });
    return false;
  };
  const live = (phase: LiveStatus["phase"], stage?: StageLike) =>
    store.set({
      live: aStatus(sessionId, phase, stage ?? store.getSnapshot().live?.stage),
      error: null,
    });
  const controlRoom: ControlRoom = {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    async join(devices) {
      calls.push("join");
      if (!grant.capabilities.includes("control-room:enter")) {
        // As the server refuses a non-participant: with the troubleshooting advice (R-PERM-2).
        const advice = troubleshootingItems;
        store.set({
          status: "refused",
          error: new LiveError("NOT_A_PARTICIPANT", "Not a participant", { advice }),
        });
        throw store.getSnapshot().error;
      }
      store.set({ status: "joining" });
      room = await video.connect(grant.connection, {
        streamAdded: () => undefined,
        streamRemoved: () => undefined,
        disconnected: () => undefined,
      });
      camera = await room.publishCamera({ ...devices, publishVideo: false, publishAudio: true });
      store.set({ status: "connected", grant, camera: "off", microphone: "on" });
    },
    async leave() {
      calls.push("leave");
      await camera?.stop();
      await room?.leave();
      camera = null;
      room = null;
      store.set({ status: "left" });
    },
    async setCamera(on) {
      calls.push(`camera:${on}`);
      await camera?.setVideo(on);
      store.set({ camera: on ? "on" : "off" });
    },
    async setMicrophone(on) {
      calls.push(`microphone:${on}`);
      await camera?.setAudio(on);
      store.set({ microphone: on ? "on" : "off" });
    },
    async shareScreen() {
      calls.push("shareScreen");
      await room?.publishScreen();
      store.set({ sharing: { kind: "screen", page: 1, pageCount: 1 } });
    },
    async shareContent(file) {
      calls.push(`shareContent:${file.name}`);
      const pageCount = 3;
      let page = 1;
      store.set({ sharing: { kind: "pdf", page, pageCount } });
      const goTo = async (to: number) => {
        page = Math.min(Math.max(to, 1), pageCount);
        calls.push(`page:${page}`);
        store.set({ sharing: { kind: "pdf", page, pageCount } });
      };
      const handle: ContentShareHandle = {
        kind: "pdf",
        pageCount,
        page: () => page,
        goTo,
        next: () => goTo(page + 1),
        previous: () => goTo(page - 1),
        stop: () => controlRoom.stopSharing(),
      };
      return handle;
    },
    async stopSharing() {
      calls.push("stopSharing");
      store.set({ sharing: null });
    },
    async startLive() {
      calls.push("startLive");
      if (allowed("live:start")) live("live");
    },
    async stopLive() {
      calls.push("stopLive");
      if (allowed("live:stop")) live("ended");
    },
    async setStage(stage) {
      calls.push(`setStage:${JSON.stringify(stage)}`);
      if (allowed("stage:manage")) live(store.getSnapshot().live?.phase ?? "live", stage);
    },
    async refreshPresence() {
      calls.push("refreshPresence");
      if (allowed("presence:view"))
        store.set({ presence: { moderators: 1, speakers: 2, audience: 184 } });
    },
    attach(streamId) {
      calls.push(`attach:${streamId}`);
      return { shown: Promise.resolve(), detach: () => void calls.push(`detach:${streamId}`) };
    },
  };
  return { room: controlRoom, calls, store };
}

/** An audience follower the test pushes views to, as the server's events would. */
export function createFakeFollower() {
  const store = new Store<AudienceState>({ view: null, connection: "connecting", error: null });
  let closed = 0;
  const follower: AudienceFollower = {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    close: () => {
      closed += 1;
      store.set({ connection: "closed" });
    },
  };
  return {
    follower,
    push: (view: AudienceView) => store.set({ view, connection: "open" }),
    closed: () => closed,
  };
}

/** A LiveClient whose stores are the fakes above; other calls are not used by these tests. */
export function createFakeLiveClient(
  rooms: (sessionId: string, video: VideoClient) => ControlRoom,
  follower?: AudienceFollower,
  audienceRooms?: (sessionId: string, video: VideoClient) => AudienceRoom,
) {
  const unused = () => Promise.reject(new LiveError("PROVIDER_FAILED", "not used in this test"));
  const client: LiveClient = {
    join: unused,
    startLive: unused,
    stopLive: unused,
    setStage: unused,
    presence: unused,
    renewPresence: unused,
    checkContent: unused,
    preflight: unused,
    audience: unused,
    replayUrl: (sessionId) => `/api/live/sessions/${sessionId}/replay`,
    measureUpload: async () => null,
    followAudience: () => {
      if (!follower) throw new LiveError("PROVIDER_FAILED", "no follower in this test");
      return follower;
    },
    controlRoom: rooms,
    audienceRoom: (sessionId, video) => {
      if (!audienceRooms) throw new LiveError("PROVIDER_FAILED", "no audience room in this test");
      return audienceRooms(sessionId, video);
    },
  };
  return client;
}
