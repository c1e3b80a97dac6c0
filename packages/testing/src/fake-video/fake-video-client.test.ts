// The fake video client in Node (stand-in tracks): shared rooms, the call log, fault injection and
// what leave() stops. Its real-media path runs in Chromium (packages/client/test/browser).

import type { ProviderConnection } from "@onair/core";
import { isLiveError } from "@onair/core";
import { describe, expect, it } from "vitest";
import { syntheticTrack } from "./fake-media.js";
import { createFakeVideoClient } from "./fake-video-client.js";
import { createFakeVideoRooms } from "./fake-video-rooms.js";
import type { RemoteStreamInfo, VideoRoomEvents } from "./video-port.js";

const connection = (roomId: string): ProviderConnection => ({
  provider: "mock",
  applicationId: "mock-app",
  roomId,
  token: "t",
});

function recorder() {
  const seen: string[] = [];
  const events: VideoRoomEvents = {
    streamAdded: (stream: RemoteStreamInfo) =>
      seen.push(`added ${stream.videoType} video=${stream.hasVideo}`),
    streamRemoved: () => seen.push("removed"),
    disconnected: (reason) => seen.push(`disconnected ${reason}`),
  };
  return { seen, events };
}

describe("createFakeVideoClient", () => {
  it("lets two clients in one room see each other's streams, late joiners included", async () => {
    const rooms = createFakeVideoRooms();
    const alice = createFakeVideoClient({ rooms });
    const bob = createFakeVideoClient({ rooms });
    const aliceEvents = recorder();
    const bobEvents = recorder();
    const aliceRoom = await alice.connect(connection("r1"), aliceEvents.events);
    const camera = await aliceRoom.publishCamera({ publishVideo: false, publishAudio: true });
    await bob.connect(connection("r1"), bobEvents.events); // joins after the camera was published
    await aliceRoom.publishScreen();
    await createFakeVideoClient({ rooms }).connect(connection("other-room"), recorder().events);

    expect(bobEvents.seen).toEqual(["added camera video=false", "added screen video=true"]);
    expect(aliceEvents.seen).toEqual([]); // nobody sees their own streams announced
    await camera.stop();
    expect(bobEvents.seen.at(-1)).toBe("removed");
  });

  it("R-PERM-3: with the video off the camera is not opened, as with the Vonage SDK", async () => {
    const client = createFakeVideoClient({ rooms: createFakeVideoRooms(), media: "synthetic" });
    const room = await client.connect(connection("r1"), recorder().events);
    const camera = await room.publishCamera({ publishVideo: false, publishAudio: true });
    expect(client.tracks.map((track) => [track.kind, track.enabled])).toEqual([["audio", true]]);
    await camera.setVideo(true);
    await camera.setVideo(false);
    await camera.setVideo(true); // the camera opened once stays the one
    expect(client.tracks.map((track) => [track.kind, track.enabled])).toEqual([
      ["audio", true],
      ["video", true],
    ]);
    await camera.stop();
    expect(client.tracks.every((track) => track.readyState === "ended")).toBe(true);
  });

  it("R-PERM-3: logs the camera published with the chosen devices and the video off", async () => {
    const client = createFakeVideoClient({ rooms: createFakeVideoRooms() });
    const room = await client.connect(connection("r1"), recorder().events);
    const camera = await room.publishCamera({
      videoDeviceId: "cam-2",
      publishVideo: false,
      publishAudio: true,
    });
    await camera.setVideo(true);
    expect(client.calls.map((call) => call.method)).toEqual([
      "connect",
      "publishCamera",
      "setVideo",
    ]);
    expect(client.calls[1]?.details).toEqual({
      videoDeviceId: "cam-2",
      audioDeviceId: null,
      publishVideo: false,
      publishAudio: true,
    });
    expect(JSON.stringify(client.calls)).not.toContain('"t"'); // tokens are never logged
    const video = client.tracks.find((track) => track.kind === "video");
    expect(video?.enabled).toBe(true);
  });

  it("publishes a clone of a custom track and leave() ends every track it made", async () => {
    const client = createFakeVideoClient({ rooms: createFakeVideoRooms(), media: "synthetic" });
    const { seen, events } = recorder();
    const room = await client.connect(connection("r1"), events);
    const camera = await room.publishCamera({ publishVideo: false, publishAudio: true });
    await camera.setVideo(true); // opens the camera
    await room.publishScreen();
    const mine = syntheticTrack("video", "slides");
    await room.publishTrack(mine, { name: "slides.pdf" });
    expect(client.publications.map((publication) => publication.videoType)).toEqual([
      "camera",
      "screen",
      "custom",
    ]);
    expect(client.publications[2]?.tracks[0]).not.toBe(mine);

    await room.leave();
    await room.leave();
    expect(client.tracks).toHaveLength(4); // camera, microphone, screen, the clone
    expect(client.tracks.every((track) => track.readyState === "ended")).toBe(true);
    expect(mine.readyState).toBe("live"); // the caller's own track is theirs to stop
    expect(seen).toEqual(["disconnected left"]);
    await expect(room.publishScreen()).rejects.toSatisfy((error) => isLiveError(error, "CONFLICT"));
  });

  it("fails the planned call once, then works", async () => {
    const client = createFakeVideoClient({ rooms: createFakeVideoRooms() });
    client.failNext("connect");
    await expect(client.connect(connection("r1"), recorder().events)).rejects.toSatisfy((error) =>
      isLiveError(error, "PROVIDER_FAILED"),
    );
    await expect(client.connect(connection("r1"), recorder().events)).resolves.toBeDefined();
  });

  it("simulates a provider-side cut: the room reports it and stops local tracks", async () => {
    const rooms = createFakeVideoRooms();
    const client = createFakeVideoClient({ rooms });
    const watcher = recorder();
    await createFakeVideoClient({ rooms }).connect(connection("r1"), watcher.events);
    const { seen, events } = recorder();
    const room = await client.connect(connection("r1"), events);
    await room.publishCamera({ publishVideo: true, publishAudio: true });
    await client.disconnectAll("forced");
    expect(seen).toEqual(["disconnected forced"]);
    expect(client.tracks.every((track) => track.readyState === "ended")).toBe(true);
    expect(watcher.seen).toEqual(["added camera video=true", "removed"]);
  });

  it("previews its own publication without subscribing to it, and logs both ends", async () => {
    const client = createFakeVideoClient({ rooms: createFakeVideoRooms(), media: "synthetic" });
    const room = await client.connect(connection("r1"), recorder().events);
    const camera = await room.publishCamera({ publishVideo: true, publishAudio: true });
    const preview = await camera.preview?.({} as HTMLElement);
    await preview?.stop();
    await preview?.stop();
    expect(client.calls.map((call) => [call.method, call.streamId ?? null])).toEqual([
      ["connect", null],
      ["publishCamera", null],
      ["preview", camera.streamId],
      ["unpreview", camera.streamId],
    ]);
    expect(client.tracks.every((track) => track.readyState === "live")).toBe(true);
  });

  it("logs what a subscription asks of the audio: at the start, then on setAudio", async () => {
    const rooms = createFakeVideoRooms();
    const speaker = await createFakeVideoClient({ rooms, media: "synthetic" }).connect(
      connection("r1"),
      recorder().events,
    );
    const camera = await speaker.publishCamera({ publishVideo: true, publishAudio: true });
    const viewer = createFakeVideoClient({ rooms, media: "synthetic" });
    const room = await viewer.connect(connection("r1"), recorder().events);
    const subscription = await room.subscribe(camera.streamId ?? "", {} as HTMLElement, {
      audio: false,
    });
    await subscription.setAudio?.(true);
    await subscription.stop();
    await subscription.setAudio?.(false); // stopped: nothing more
    expect(viewer.calls.slice(1).map((call) => [call.method, call.details ?? null])).toEqual([
      ["subscribe", { audio: false }],
      ["setAudio", { on: true }],
      ["unsubscribe", null],
    ]);
  });

  it("refuses to subscribe to a stream that is not in the room", async () => {
    const room = await createFakeVideoClient({ rooms: createFakeVideoRooms() }).connect(
      connection("r1"),
      recorder().events,
    );
    await expect(room.subscribe("nope", {} as HTMLElement)).rejects.toSatisfy((error) =>
      isLiveError(error, "INVALID_INPUT"),
    );
  });
});

describe("the fake video client example of docs/testing.md", () => {
  it("runs as written", async () => {
    const rooms = createFakeVideoRooms();
    const speaker = createFakeVideoClient({ rooms });
    const moderator = createFakeVideoClient({ rooms });
    const seen: string[] = [];
    const quiet = { streamAdded() {}, streamRemoved() {}, disconnected() {} };

    await moderator.connect(
      { provider: "mock", applicationId: "mock-app", roomId: "r1", token: "t" },
      { ...quiet, streamAdded: (stream) => seen.push(stream.videoType ?? "audio") },
    );
    const room = await speaker.connect(
      { provider: "mock", applicationId: "mock-app", roomId: "r1", token: "t" },
      quiet,
    );
    await room.publishCamera({ publishVideo: false, publishAudio: true });
    expect(seen).toEqual(["camera"]);
    expect(speaker.calls[1]).toMatchObject({
      method: "publishCamera",
      details: { publishVideo: false },
    });

    speaker.failNext("publishScreen");
    await expect(room.publishScreen()).rejects.toMatchObject({
      code: "PROVIDER_FAILED",
      retriable: true,
    });
    await room.leave();
    expect(speaker.tracks.every((track) => track.readyState === "ended")).toBe(true);
  });
});

describe("the fake video client's sources", () => {
  it("never import vitest: pages, demos and other test runners can use them", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const folder = new URL(".", import.meta.url);
    const sources = (await readdir(folder)).filter(
      (name) => name.endsWith(".ts") && !name.includes(".test"),
    );
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const name of sources) {
      const text = await readFile(new URL(name, folder), "utf8");
      expect(text, name).not.toMatch(/from "vitest"|import\("vitest"\)/);
    }
  });
});
