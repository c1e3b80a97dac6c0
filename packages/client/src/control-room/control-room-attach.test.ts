// ControlRoom.attach with the fake video client of @onair/testing: others' streams subscribed,
// one's own previewed, each detached by its handle, by the stream leaving, or by leave().
import type { JoinGrant, ProviderConnection } from "@onair/core";
import { createFakeVideoClient, createFakeVideoRooms } from "@onair/testing";
import { describe, expect, it } from "vitest";
import type { LiveClient } from "../types.js";
import { createControlRoom } from "./control-room.js";

const connection: ProviderConnection = {
  provider: "mock",
  applicationId: "mock-app",
  roomId: "room_1",
  token: "t",
};

function grant(role: "moderator" | "attendee"): JoinGrant {
  return {
    sessionId: "ses_1",
    role,
    roles: [role],
    capabilities: [],
    providerRole: role === "moderator" ? "moderator" : "subscriber",
    connection,
    grantId: "g_1",
    expiresAt: 0,
    camera: "off",
    microphone: "on",
    onStage: false,
  };
}

/** The calls the control room makes of a LiveClient: a grant for every join. */
function stubLiveClient(role: "moderator" | "attendee" = "moderator") {
  const joins: string[] = [];
  const client = {
    async join(sessionId: string) {
      joins.push(sessionId);
      return grant(role);
    },
    async renewPresence() {},
    followAudience() {
      throw new Error("not used");
    },
  } as unknown as LiveClient;
  return { client, joins };
}

const element = () => ({}) as HTMLElement;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setUp() {
  const rooms = createFakeVideoRooms();
  const video = createFakeVideoClient({ rooms, media: "synthetic" });
  const speaker = createFakeVideoClient({ rooms, media: "synthetic" });
  const room = createControlRoom(stubLiveClient().client, "ses_1", video);
  await room.join();
  const speakerRoom = await speaker.connect(connection, {
    streamAdded() {},
    streamRemoved() {},
    disconnected() {},
  });
  const camera = await speakerRoom.publishCamera({ publishVideo: true, publishAudio: true });
  const streamIds = () => room.getSnapshot().streams.map((s) => `${s.streamId}:${s.local}`);
  const count = (method: string) => video.calls.filter((c) => c.method === method).length;
  return { room, video, camera, streamIds, count };
}

describe("ControlRoom.attach", () => {
  it("subscribes to someone else's stream and unsubscribes on detach, once", async () => {
    const { room, video, camera, count } = await setUp();
    const attachment = room.attach(camera.streamId ?? "", element());
    await attachment.shown;
    expect(video.calls.filter((c) => c.method === "subscribe").map((c) => c.streamId)).toEqual([
      camera.streamId,
    ]);
    attachment.detach();
    attachment.detach();
    await settle();
    expect(count("unsubscribe")).toBe(1);
  });

  it("shows one's own camera through its preview, never a subscription, and again once turned on", async () => {
    const { room, count, video } = await setUp();
    const own = room.getSnapshot().streams.find((s) => s.local);
    expect(own).toBeDefined();
    const attachment = room.attach(own?.streamId ?? "", element());
    await attachment.shown;
    expect(count("preview")).toBe(1);
    expect(count("subscribe")).toBe(0);
    await room.setCamera(true);
    await settle();
    // The camera opened on setCamera(true): the preview starts again to show its track.
    expect(video.calls.map((c) => c.method).filter((m) => m.includes("preview"))).toEqual([
      "preview",
      "unpreview",
      "preview",
    ]);
  });

  it("a detach before the stream is shown subscribes nothing (StrictMode's mount, unmount, mount)", async () => {
    const { room, camera, count } = await setUp();
    const first = room.attach(camera.streamId ?? "", element());
    first.detach();
    const second = room.attach(camera.streamId ?? "", element());
    await Promise.all([first.shown, second.shown]);
    expect(count("subscribe")).toBe(1);
    second.detach();
  });

  it("a stream removed from the room detaches itself", async () => {
    const { room, camera, count, streamIds } = await setUp();
    await room.attach(camera.streamId ?? "", element()).shown;
    await camera.stop();
    expect(streamIds()).not.toContain(`${camera.streamId}:false`);
    await settle();
    expect(count("unsubscribe")).toBe(1);
  });

  it("leave() detaches everything: subscriptions and previews", async () => {
    const { room, camera, count } = await setUp();
    const own = room.getSnapshot().streams.find((s) => s.local)?.streamId ?? "";
    await room.attach(camera.streamId ?? "", element()).shown;
    await room.attach(own, element()).shown;
    await room.leave();
    await settle();
    expect(count("unsubscribe")).toBe(1);
    expect(count("unpreview")).toBe(1);
  });

  it("refuses, as a LiveError, a stream that is not in the room", async () => {
    const { room } = await setUp();
    await expect(room.attach("nope", element()).shown).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});
