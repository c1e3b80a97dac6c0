import type { JoinGrant, ProviderConnection } from "@onair/core";
import { LiveError } from "@onair/core/browser";
import { describe, expect, it, vi } from "vitest";
import type { ContentSource, LiveClient, LiveStatus } from "../types.js";
import type {
  LocalPublication,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
} from "../video/video-client.js";
import { createControlRoom } from "./control-room.js";

// --- a small in-test fake of the VideoClient port -------------------------------------------

interface FakePublication extends LocalPublication {
  readonly kind: "camera" | "screen" | "track";
  readonly options: unknown;
  video: boolean;
  audio: boolean;
  stopped: boolean;
}

function fakeVideo() {
  const connections: ProviderConnection[] = [];
  const publications: FakePublication[] = [];
  const rooms: { events: VideoRoomEvents; left: boolean }[] = [];
  let nextStream = 1;
  let connectFailures = 0;

  const publish = (
    kind: FakePublication["kind"],
    options: unknown,
    video: boolean,
    audio: boolean,
  ) => {
    const publication: FakePublication = {
      kind,
      options,
      video,
      audio,
      stopped: false,
      streamId: `local_${nextStream++}`,
      async setVideo(on) {
        publication.video = on;
      },
      async setAudio(on) {
        publication.audio = on;
      },
      async stop() {
        publication.stopped = true;
      },
    };
    publications.push(publication);
    return publication;
  };

  const client: VideoClient = {
    async connect(connection, events) {
      connections.push(connection);
      if (connectFailures > 0) {
        connectFailures -= 1;
        throw new Error("connect failed");
      }
      const entry = { events, left: false };
      rooms.push(entry);
      const room: VideoRoom = {
        publishCamera: async (options) =>
          publish("camera", options, options.publishVideo, options.publishAudio),
        publishScreen: async (options) => publish("screen", options, true, false),
        publishTrack: async (track, options) =>
          publish("track", { track, ...options }, true, false),
        subscribe: async () => ({ stop: async () => undefined }),
        async leave() {
          entry.left = true;
          for (const publication of publications) publication.stopped = true;
        },
      };
      return room;
    },
  };
  return {
    client,
    connections,
    publications,
    rooms,
    failNextConnects(count: number) {
      connectFailures = count;
    },
    live: () => publications.filter((p) => !p.stopped),
    cameras: () => publications.filter((p) => p.kind === "camera"),
  };
}

// --- a LiveClient stub: grants numbered, refusals on demand -----------------------------------

// Carries both the tagged `connection` and the older flat fields, so it reads as a grant of
// either shape of the core's JoinGrant.
function grantFor(n: number, role: "moderator" | "speaker" = "speaker"): JoinGrant {
  const connection = {
    provider: "vonage",
    applicationId: "app_1",
    roomId: "room_1",
    token: `token_${n}`,
  } as const;
  const grant = {
    sessionId: "ses_1",
    ...connection,
    connection,
    role,
    roles: [role],
    capabilities: [],
    providerRole: role === "moderator" ? "moderator" : "publisher",
    grantId: `g_${n}`,
    expiresAt: 0,
    camera: "off",
    microphone: "on",
    onStage: false,
  };
  return grant as unknown as JoinGrant;
}

const liveStatus = (streamIds: string[]): LiveStatus => ({
  sessionId: "ses_1",
  version: 2,
  phase: "live",
  startedAt: "2026-01-01T10:00:00.000Z",
  endedAt: null,
  replay: "none",
  stage: { streamIds, layout: "grid", focusStreamId: null },
  streams: [],
});

function stubClient(overrides: Partial<LiveClient> = {}) {
  const calls: string[] = [];
  let grants = 0;
  const client = {
    async join() {
      calls.push("join");
      grants += 1;
      return grantFor(grants);
    },
    async startLive() {
      calls.push("startLive");
      return liveStatus([]);
    },
    async stopLive() {
      calls.push("stopLive");
      return { ...liveStatus([]), phase: "ended" as const };
    },
    async setStage(_id: string, stage: { streamIds: string[] }) {
      calls.push("setStage");
      return liveStatus(stage.streamIds);
    },
    async presence() {
      calls.push("presence");
      return { moderators: 1, speakers: 1, audience: 12 };
    },
    async renewPresence() {
      calls.push("renewPresence");
    },
    async checkContent() {
      calls.push("checkContent");
      return { kind: "pdf" as const, mimeType: "application/pdf", size: 10 };
    },
    ...overrides,
  } as unknown as LiveClient;
  return { client, calls, grantCount: () => grants };
}

function fakeSource(pageCount: number) {
  const turned: number[] = [];
  let stopped = false;
  const source: ContentSource = {
    track: { kind: "video", id: "canvas-track" } as unknown as MediaStreamTrack,
    pageCount,
    async goTo(page) {
      turned.push(page);
    },
    stop() {
      stopped = true;
    },
  };
  return { source, turned, stopped: () => stopped };
}

const refused = (code: "NOT_A_PARTICIPANT" | "FORBIDDEN") =>
  new LiveError(code, "refused", { retriable: false });

// --- the tests --------------------------------------------------------------------------------

describe("controlRoom", () => {
  it("R-PERM-3: joins with a grant, connects with its details and publishes the microphone with the camera off", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", video.client);
    expect(room.getSnapshot().status).toBe("idle");
    const joining = room.join({ videoDeviceId: "cam-2", audioDeviceId: "mic-1" });
    expect(room.getSnapshot().status).toBe("joining");
    await joining;
    const state = room.getSnapshot();
    expect(state).toMatchObject({
      status: "connected",
      camera: "off",
      microphone: "on",
      error: null,
    });
    expect(state.grant?.grantId).toBe("g_1");
    expect(video.connections).toEqual([
      { provider: "vonage", applicationId: "app_1", roomId: "room_1", token: "token_1" },
    ]);
    expect(video.cameras()).toHaveLength(1);
    expect(video.cameras()[0]?.options).toEqual({
      videoDeviceId: "cam-2",
      audioDeviceId: "mic-1",
      publishVideo: false,
      publishAudio: true,
    });
    expect(state.streams).toEqual([
      {
        streamId: "local_1",
        videoType: "camera",
        hasVideo: false,
        hasAudio: true,
        local: true,
        onStage: false,
      },
    ]);
  });

  it("R-PERM-3: turning the camera on and off never creates a second camera publication", async () => {
    const video = fakeVideo();
    const room = createControlRoom(stubClient().client, "ses_1", video.client);
    await room.join();
    await room.setCamera(true);
    expect(room.getSnapshot().camera).toBe("on");
    await room.setCamera(false);
    await room.setCamera(true);
    await room.setMicrophone(false);
    expect(video.cameras()).toHaveLength(1);
    expect(video.cameras()[0]).toMatchObject({ video: true, audio: false, stopped: false });
    expect(room.getSnapshot()).toMatchObject({ camera: "on", microphone: "off" });
    expect(room.getSnapshot().streams[0]).toMatchObject({ hasVideo: true, hasAudio: false });
  });

  it("R-PERM-6: pings presence every presencePingMs while connected, and stops after leave", async () => {
    vi.useFakeTimers();
    try {
      const api = stubClient();
      const room = createControlRoom(api.client, "ses_1", fakeVideo().client, {
        presencePingMs: 1_000,
      });
      await room.join();
      const pings = () => api.calls.filter((call) => call === "renewPresence").length;
      expect(pings()).toBe(0);
      await vi.advanceTimersByTimeAsync(3_500);
      expect(pings()).toBe(3);
      await room.leave();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(pings()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("two join calls at once (a double mount) make one grant, one connection, one publisher", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", video.client);
    await Promise.all([room.join(), room.join()]);
    await room.join();
    expect(api.grantCount()).toBe(1);
    expect(video.connections).toHaveLength(1);
    expect(video.cameras()).toHaveLength(1);
  });

  it("a refused join is kept in state as refused; the next success clears it", async () => {
    const video = fakeVideo();
    let refuse = true;
    const base = stubClient();
    const api = stubClient({
      join: async (id: string) => {
        if (refuse) throw refused("NOT_A_PARTICIPANT");
        return base.client.join(id);
      },
    });
    const room = createControlRoom(api.client, "ses_1", video.client);
    await expect(room.join()).rejects.toMatchObject({ code: "NOT_A_PARTICIPANT" });
    expect(room.getSnapshot()).toMatchObject({ status: "refused", grant: null });
    expect(room.getSnapshot().error?.code).toBe("NOT_A_PARTICIPANT");
    expect(video.connections).toHaveLength(0);
    refuse = false;
    await room.join();
    expect(room.getSnapshot()).toMatchObject({ status: "connected", error: null });
  });

  it("a command's refusal stays in state until the next successful action", async () => {
    const video = fakeVideo();
    const api = stubClient({
      startLive: async () => {
        throw refused("FORBIDDEN");
      },
    });
    const room = createControlRoom(api.client, "ses_1", video.client);
    await room.join();
    await expect(room.startLive()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(room.getSnapshot().error?.code).toBe("FORBIDDEN");
    expect(room.getSnapshot().status).toBe("connected");
    await room.refreshPresence();
    expect(room.getSnapshot().error).toBeNull();
    expect(room.getSnapshot().presence).toEqual({ moderators: 1, speakers: 1, audience: 12 });
  });

  it("after a network drop it asks a fresh grant, reconnects with the camera off, and keeps one camera", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", video.client);
    await room.join();
    await room.setCamera(true);
    video.rooms[0]?.events.disconnected("network");
    expect(room.getSnapshot().status).toBe("reconnecting");
    await expect.poll(() => room.getSnapshot().status).toBe("connected");
    expect(api.grantCount()).toBe(2);
    expect(video.connections.map((c) => c.token)).toEqual(["token_1", "token_2"]);
    expect(room.getSnapshot().grant?.grantId).toBe("g_2");
    expect(room.getSnapshot().camera).toBe("off");
    const cameras = video.cameras();
    expect(cameras).toHaveLength(2);
    expect(cameras[0]?.stopped).toBe(true);
    expect(video.live().filter((p) => p.kind === "camera")).toHaveLength(1);
    expect(cameras[1]?.options).toMatchObject({ publishVideo: false });
  });

  it("retries a failed reconnect with a fresh grant each time", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", video.client);
    await room.join();
    video.failNextConnects(1);
    video.rooms[0]?.events.disconnected("network");
    await expect.poll(() => room.getSnapshot().status, { timeout: 3_000 }).toBe("connected");
    expect(api.grantCount()).toBe(3);
    expect(room.getSnapshot().error).toBeNull();
  });

  it("R-PERM-6: a forced disconnect (a newer grant took over) leaves without reconnecting", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", video.client);
    await room.join();
    video.rooms[0]?.events.disconnected("forced");
    expect(room.getSnapshot().status).toBe("left");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.grantCount()).toBe(1);
    expect(video.live()).toHaveLength(0);
  });

  it("leave stops every publication and leaves the room; a join in flight publishes nothing", async () => {
    const video = fakeVideo();
    const room = createControlRoom(stubClient().client, "ses_1", video.client);
    await room.join();
    await room.shareScreen();
    expect(video.live()).toHaveLength(2);
    await room.leave();
    expect(video.live()).toHaveLength(0);
    expect(video.rooms[0]?.left).toBe(true);
    expect(room.getSnapshot()).toMatchObject({ status: "left", sharing: null, streams: [] });

    const late = fakeVideo();
    const second = createControlRoom(stubClient().client, "ses_1", late.client);
    const joining = second.join();
    await second.leave();
    await joining;
    expect(late.live()).toHaveLength(0);
    expect(second.getSnapshot().status).toBe("left");
  });

  it("streams follow the room's events, and the stage marks which are on it", async () => {
    const video = fakeVideo();
    const room = createControlRoom(stubClient().client, "ses_1", video.client);
    await room.join();
    const events = video.rooms[0]?.events;
    events?.streamAdded({ streamId: "st_a", videoType: "camera", hasVideo: true, hasAudio: true });
    events?.streamAdded({ streamId: "st_b", videoType: "screen", hasVideo: true, hasAudio: false });
    await room.setStage({ streamIds: ["st_b"], layout: "grid" });
    const onStage = room
      .getSnapshot()
      .streams.filter((s) => s.onStage)
      .map((s) => s.streamId);
    expect(onStage).toEqual(["st_b"]);
    expect(room.getSnapshot().live?.stage.streamIds).toEqual(["st_b"]);
    events?.streamRemoved("st_b");
    expect(room.getSnapshot().streams.map((s) => s.streamId)).toEqual(["local_1", "st_a"]);
  });

  it("snapshots are immutable: the same object while nothing changes", async () => {
    const room = createControlRoom(stubClient().client, "ses_1", fakeVideo().client);
    await room.join();
    const snapshot = room.getSnapshot();
    expect(room.getSnapshot()).toBe(snapshot);
    await room.setCamera(true);
    expect(room.getSnapshot()).not.toBe(snapshot);
    expect(snapshot.camera).toBe("off");
  });

  it("R-PERM-4: a file is checked by the server before anything is published; pages turn; stop stops the source", async () => {
    const video = fakeVideo();
    const api = stubClient();
    const pdf = fakeSource(3);
    const room = createControlRoom(api.client, "ses_1", video.client, {
      contentSource: async (_file, kind) => {
        expect(api.calls).toContain("checkContent");
        expect(kind).toBe("pdf");
        return pdf.source;
      },
    });
    await room.join();
    const handle = await room.shareContent(new File(["%PDF-1.7"], "deck.pdf"));
    expect(handle).toMatchObject({ kind: "pdf", pageCount: 3 });
    const published = video.publications.find((p) => p.kind === "track");
    expect(published?.options).toMatchObject({ track: pdf.source.track, name: "deck.pdf" });
    expect(room.getSnapshot().sharing).toEqual({ kind: "pdf", page: 1, pageCount: 3 });
    await handle.next();
    await handle.next();
    await handle.next(); // stays on the last page
    await handle.previous();
    expect(pdf.turned).toEqual([2, 3, 3, 2]);
    expect(handle.page()).toBe(2);
    expect(room.getSnapshot().sharing?.page).toBe(2);
    await handle.stop();
    expect(pdf.stopped()).toBe(true);
    expect(published?.stopped).toBe(true);
    expect(room.getSnapshot().sharing).toBeNull();
  });

  it("R-PERM-4: a refused file publishes nothing and keeps the refusal in state", async () => {
    const video = fakeVideo();
    const api = stubClient({
      checkContent: async () => {
        throw new LiveError("UNSUPPORTED_CONTENT", "Not a supported file.");
      },
    });
    let sourcesMade = 0;
    const room = createControlRoom(api.client, "ses_1", video.client, {
      contentSource: async () => {
        sourcesMade += 1;
        return fakeSource(1).source;
      },
    });
    await room.join();
    await expect(room.shareContent(new File(["hello"], "a.txt"))).rejects.toMatchObject({
      code: "UNSUPPORTED_CONTENT",
    });
    expect(sourcesMade).toBe(0);
    expect(video.publications.filter((p) => p.kind === "track")).toHaveLength(0);
    expect(room.getSnapshot().error?.code).toBe("UNSUPPORTED_CONTENT");
  });

  it("one share at a time: a new share stops the previous one", async () => {
    const video = fakeVideo();
    const room = createControlRoom(stubClient().client, "ses_1", video.client, {
      contentSource: async () => fakeSource(1).source,
    });
    await room.join();
    await room.shareScreen();
    expect(room.getSnapshot().sharing).toEqual({ kind: "screen", page: 1, pageCount: 1 });
    await room.shareContent(new File(["%PDF"], "a.pdf"));
    const shares = video.publications.filter((p) => p.kind !== "camera");
    expect(shares.map((p) => [p.kind, p.stopped])).toEqual([
      ["screen", true],
      ["track", false],
    ]);
    await room.stopSharing();
    expect(video.live().map((p) => p.kind)).toEqual(["camera"]);
  });

  it("actions before joining are refused and kept in state", async () => {
    const room = createControlRoom(stubClient().client, "ses_1", fakeVideo().client);
    await expect(room.setCamera(true)).rejects.toBeInstanceOf(LiveError);
    expect(room.getSnapshot().error).not.toBeNull();
    expect(room.getSnapshot().camera).toBe("off");
  });

  it("startLive and stopLive keep the last live status", async () => {
    const api = stubClient();
    const room = createControlRoom(api.client, "ses_1", fakeVideo().client);
    await room.join();
    await room.startLive();
    expect(room.getSnapshot().live?.phase).toBe("live");
    await room.stopLive();
    expect(room.getSnapshot().live?.phase).toBe("ended");
    expect(api.calls).toEqual(["join", "startLive", "stopLive"]);
  });
});
