// The control room's choice of video client, with stand-in clients: no browser, no SDK.
import type {
  LocalPublication,
  PublishCameraOptions,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
} from "@onair/client";
import type { ProviderConnection } from "@onair/core/browser";
import { describe, expect, it, vi } from "vitest";
import type { DemoVideoClient } from "./demo-video-client.js";
import type { MediaRelay } from "./media-relay.js";
import {
  browserRecordsReplay,
  createVideoClientChoice,
  lazyMediaRelay,
  videoClientKindOf,
} from "./video-client-choice.js";

const vonageConnection: ProviderConnection = {
  provider: "vonage",
  applicationId: "0d8f7a2e-3c1b-4e5f-9a6b-7c8d9e0f1a2b",
  roomId: "2_MX4xMjM0NX5-fg",
  token: "eyJ.vonage.token",
};
const mockConnection: ProviderConnection = {
  provider: "mock",
  applicationId: "mock-app",
  roomId: "room_1",
  token: "mock-token",
};
const events: VideoRoomEvents = {
  streamAdded: () => {},
  streamRemoved: () => {},
  disconnected: () => {},
};

/** A stand-in element: only what the choice uses of one. */
function element(name: string) {
  const children: unknown[] = [];
  return {
    name,
    children,
    replaceChildren: vi.fn((...nodes: unknown[]) => children.splice(0, children.length, ...nodes)),
    remove: vi.fn(),
  } as unknown as HTMLElement & { children: unknown[]; name: string };
}

function publication(streamId: string | null): LocalPublication {
  return {
    streamId,
    setVideo: vi.fn(async () => {}),
    setAudio: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
  };
}

/** Vonage's client as the SDK wrapper behaves: publishes into the element it is given. */
function fakeVonage() {
  const stopSubscription = vi.fn(async () => {});
  const published: (HTMLElement | undefined)[] = [];
  const room: VideoRoom = {
    publishCamera: vi.fn(async (options: PublishCameraOptions) => {
      published.push(options.element);
      return publication("camera-1");
    }),
    publishScreen: vi.fn(async () => publication("screen-1")),
    publishTrack: vi.fn(async () => publication("track-1")),
    subscribe: vi.fn(async () => ({ stop: stopSubscription })),
    leave: vi.fn(async () => {}),
  };
  const client: VideoClient = { connect: vi.fn(async () => room) };
  return { client, room, published, stopSubscription };
}

function fakeRelay(): DemoVideoClient & { attached: string[] } {
  const attached: string[] = [];
  return {
    attached,
    connect: vi.fn(async () => ({}) as VideoRoom),
    attach: vi.fn((streamId: string) => {
      attached.push(streamId);
      return () => {};
    }),
  };
}

describe("the control room's video client choice", () => {
  it("takes Vonage's client for a Vonage connection, the relay for the mock's", () => {
    expect(videoClientKindOf(vonageConnection)).toBe("vonage");
    expect(videoClientKindOf(mockConnection)).toBe("relay");
  });

  it("connects a Vonage grant with Vonage's client, never creating the relay", async () => {
    const vonage = fakeVonage();
    const relay = vi.fn(fakeRelay);
    const video = createVideoClientChoice("ses_1", { vonage: () => vonage.client, relay });
    expect(video.kind).toBeNull();
    await video.connect(vonageConnection, events);
    expect(video.kind).toBe("vonage");
    expect(vonage.client.connect).toHaveBeenCalledWith(vonageConnection, events);
    expect(relay).not.toHaveBeenCalled();
  });

  it("connects a mock grant with the relay, never creating Vonage's client (no SDK loaded)", async () => {
    const relayClient = fakeRelay();
    const vonage = vi.fn(() => fakeVonage().client);
    const video = createVideoClientChoice("ses_1", { vonage, relay: () => relayClient });
    await video.connect(mockConnection, events);
    expect(video.kind).toBe("relay");
    expect(relayClient.connect).toHaveBeenCalledWith(mockConnection, events);
    expect(vonage).not.toHaveBeenCalled();
    const tile = element("tile");
    video.attach("stream-1", tile);
    expect(relayClient.attached).toEqual(["stream-1"]);
  });

  it("on Vonage, shows one's own camera in its tile and subscribes to other people's streams", async () => {
    const vonage = fakeVonage();
    const holder = element("holder");
    const video = createVideoClientChoice("ses_1", {
      vonage: () => vonage.client,
      holder: () => holder,
    });
    const room = await video.connect(vonageConnection, events);
    await room.publishCamera({ publishVideo: false, publishAudio: true });
    // The SDK got an element to show the camera in (otherwise it shows nothing).
    expect(vonage.published).toEqual([holder]);

    const ownTile = element("own tile");
    const detachOwn = video.attach("camera-1", ownTile);
    expect(ownTile.children).toEqual([holder]);
    detachOwn();
    expect(holder.remove).toHaveBeenCalled();

    const otherTile = element("other tile");
    const detachOther = video.attach("someone-else", otherTile);
    expect(vonage.room.subscribe).toHaveBeenCalledWith("someone-else", otherTile);
    detachOther();
    await vi.waitFor(() => expect(vonage.stopSubscription).toHaveBeenCalledTimes(1));
    detachOther();
    await Promise.resolve();
    expect(vonage.stopSubscription).toHaveBeenCalledTimes(1);
  });

  it("on Vonage, an element the caller gives stays the caller's, and a stopped camera is no tile", async () => {
    const vonage = fakeVonage();
    const video = createVideoClientChoice("ses_1", {
      vonage: () => vonage.client,
      holder: () => element("holder"),
    });
    const room = await video.connect(vonageConnection, events);
    const given = element("given");
    await room.publishCamera({ publishVideo: false, publishAudio: true, element: given });
    expect(vonage.published).toEqual([given]);
    const tile = element("tile");
    video.attach("camera-1", tile);
    expect(tile.children).toEqual([]); // not moved: subscribed like any stream instead
    expect(vonage.room.subscribe).toHaveBeenCalledWith("camera-1", tile);

    const screen = await room.publishScreen();
    await screen.stop();
    const later = element("later");
    video.attach("screen-1", later);
    expect(later.children).toEqual([]);
  });

  it("attaches nothing before the first connect", () => {
    const relayClient = fakeRelay();
    const video = createVideoClientChoice("ses_1", { relay: () => relayClient });
    video.attach("stream-1", element("tile"))();
    expect(relayClient.attached).toEqual([]);
  });

  it("records the stage in the browser on the mock only (Vonage records the replay itself)", () => {
    expect(browserRecordsReplay(null)).toBe(false);
    expect(browserRecordsReplay({ connection: mockConnection })).toBe(true);
    expect(browserRecordsReplay({ connection: vonageConnection })).toBe(false);
  });

  it("opens the event page's relay on the first stream watched only", () => {
    const watched = new MediaStreamStub();
    const relay = { watch: vi.fn(() => watched) } as unknown as MediaRelay;
    const create = vi.fn(() => relay);
    const lazy = lazyMediaRelay("ses_1", create);
    expect(create).not.toHaveBeenCalled();
    expect(lazy.watch("stream-1")).toBe(watched);
    lazy.watch("stream-2");
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith("ses_1");
  });
});

/** Node has no MediaStream; the relay's answer is passed through untouched. */
class MediaStreamStub {}
