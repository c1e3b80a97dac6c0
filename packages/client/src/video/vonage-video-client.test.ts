// createVonageVideoClient against a scripted stand-in of the SDK's global object: the properties
// each publication is created with, the room's events, error mapping and what leave() stops.
// The real SDK is exercised in Chromium by test/browser/vonage-sdk.browser.test.ts.

import type { ProviderConnection } from "@onair/core";
import { isLiveError, LiveError } from "@onair/core/browser";
import { describe, expect, it } from "vitest";
import type { RemoteStreamInfo, VideoRoomEvents } from "./video-client.js";
import type { VonageSdkError } from "./vonage-errors.js";
import { createVonageVideoClient } from "./vonage-video-client.js";

const connection: ProviderConnection = {
  provider: "vonage",
  applicationId: "app-1",
  roomId: "room-1",
  token: "token-1",
};

type Handler = (event: Record<string, unknown>) => void;

interface FakeTrack {
  readyState: "live" | "ended";
  readonly label: string;
  clone(): FakeTrack;
  stop(): void;
}

function fakeTrack(label: string): FakeTrack {
  const track: FakeTrack = {
    readyState: "live",
    label,
    clone: () => fakeTrack(`${label} (clone)`),
    stop() {
      track.readyState = "ended";
    },
  };
  return track;
}

/** A scripted OT: records every call; `fail` makes the named step call back with an SDK error. */
function fakeSdk(
  fail: {
    connect?: VonageSdkError;
    init?: VonageSdkError;
    publish?: VonageSdkError;
    video?: VonageSdkError;
  } = {},
) {
  const calls: string[] = [];
  const sessionHandlers = new Map<string, Handler>();
  const publishers: {
    properties: Record<string, unknown>;
    destroyed: boolean;
    video: boolean[];
    swapped: boolean[];
    stream: { streamId: string } | undefined;
  }[] = [];
  const subscribers: {
    properties: Record<string, unknown>;
    audio: boolean[];
  }[] = [];
  const session = {
    on(name: string, handler: Handler) {
      sessionHandlers.set(name, handler);
    },
    connect(token: string, callback: (error?: VonageSdkError) => void) {
      calls.push(`connect ${token}`);
      queueMicrotask(() => callback(fail.connect));
    },
    publish(
      publisher: { stream?: { streamId: string } },
      callback: (error?: VonageSdkError) => void,
    ) {
      calls.push("publish");
      if (!fail.publish) publisher.stream = { streamId: `local-${publishers.length}` };
      queueMicrotask(() => callback(fail.publish));
    },
    unpublish() {
      calls.push("unpublish");
    },
    subscribe(
      stream: { streamId: string },
      _element: unknown,
      properties: Record<string, unknown>,
      callback: () => void,
    ) {
      calls.push(`subscribe ${stream.streamId}`);
      // Like the SDK's Subscriber: subscribeToAudio(value) turns its audio on or off.
      const subscriber = {
        stream,
        properties,
        audio: [] as boolean[],
        subscribeToAudio(value: boolean) {
          subscriber.audio.push(value);
          return subscriber;
        },
      };
      subscribers.push(subscriber);
      queueMicrotask(callback);
      return subscriber;
    },
    unsubscribe() {
      calls.push("unsubscribe");
    },
    disconnect() {
      calls.push("disconnect");
    },
  };
  const sdk = {
    initSession(applicationId: string, roomId: string) {
      calls.push(`initSession ${applicationId} ${roomId}`);
      return session;
    },
    initPublisher(
      _element: unknown,
      properties: Record<string, unknown>,
      callback: (error?: VonageSdkError) => void,
    ) {
      const publisher = {
        properties,
        destroyed: false,
        video: [] as boolean[],
        swapped: [] as boolean[],
        stream: undefined as { streamId: string } | undefined,
        on() {},
        publishVideo(on: boolean, callback?: (error?: VonageSdkError) => void) {
          publisher.video.push(on);
          // Like the SDK: the camera's track is swapped in later, after the call has returned.
          setTimeout(() => {
            publisher.swapped.push(on);
            callback?.(fail.video);
          }, 0);
        },
        publishAudio() {},
        destroy() {
          publisher.destroyed = true;
          // Like the SDK: destroying a publisher stops the track it was given.
          const source = properties.videoSource as FakeTrack | undefined;
          if (typeof source === "object") source.stop();
        },
      };
      publishers.push(publisher);
      queueMicrotask(() => callback(fail.init));
      return publisher;
    },
  };
  const emit = (name: string, event: Record<string, unknown>) => sessionHandlers.get(name)?.(event);
  return { sdk, calls, publishers, subscribers, emit };
}

/** The track a publisher was created with. */
function givenTrack(
  publishers: readonly { properties: Record<string, unknown> }[],
  index: number,
): FakeTrack {
  const source = publishers[index]?.properties.videoSource;
  if (typeof source !== "object" || source === null)
    throw new Error(`publisher ${index} has no track`);
  return source as FakeTrack;
}

function recordEvents() {
  const seen: string[] = [];
  const events: VideoRoomEvents = {
    streamAdded: (stream: RemoteStreamInfo) =>
      seen.push(`added ${stream.streamId} ${stream.videoType}`),
    streamRemoved: (streamId) => seen.push(`removed ${streamId}`),
    disconnected: (reason) => seen.push(`disconnected ${reason}`),
  };
  return { seen, events };
}

describe("createVonageVideoClient", () => {
  it("loads the SDK only on the first connect, once", async () => {
    const { sdk } = fakeSdk();
    let loads = 0;
    const client = createVonageVideoClient({
      loadSdk: async () => {
        loads += 1;
        return { default: sdk };
      },
    });
    expect(loads).toBe(0);
    await client.connect(connection, recordEvents().events);
    await client.connect(connection, recordEvents().events);
    expect(loads).toBe(1);
  });

  it("connects to the grant's room with its token", async () => {
    const { sdk, calls } = fakeSdk();
    await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    expect(calls).toEqual(["initSession app-1 room-1", "connect token-1"]);
  });

  it("R-PERM-3: publishes the camera with the devices chosen at entry and the video off", async () => {
    const { sdk, publishers } = fakeSdk();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    const camera = await room.publishCamera({
      videoDeviceId: "cam-2",
      audioDeviceId: "mic-3",
      publishVideo: false,
      publishAudio: true,
    });
    expect(publishers[0]?.properties).toMatchObject({
      videoSource: "cam-2",
      audioSource: "mic-3",
      publishVideo: false,
      publishAudio: true,
      insertDefaultUI: false,
    });
    expect(camera.streamId).toBe("local-1");
    await camera.setVideo(true);
    expect(publishers[0]?.video).toEqual([true]);
  });

  it("setVideo resolves once the SDK has swapped the camera's track, and maps its failure", async () => {
    const { sdk, publishers } = fakeSdk();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    const camera = await room.publishCamera({ publishVideo: false, publishAudio: true });
    await camera.setVideo(true);
    // A preview shown right after must find the camera's track, not the blank one it replaces.
    expect(publishers[0]?.swapped).toEqual([true]);
    await camera.setVideo(false);
    expect(publishers[0]?.swapped).toEqual([true, false]);

    const denied = fakeSdk({ video: { name: "OT_USER_MEDIA_ACCESS_DENIED" } });
    const deniedRoom = await createVonageVideoClient({ loadSdk: async () => denied.sdk }).connect(
      connection,
      recordEvents().events,
    );
    const deniedCamera = await deniedRoom.publishCamera({
      publishVideo: false,
      publishAudio: true,
    });
    await expect(deniedCamera.setVideo(true)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("OT_USER_MEDIA_ACCESS_DENIED"),
    });
  });

  it("publishes a screen through the SDK's screen source, without audio", async () => {
    const { sdk, publishers } = fakeSdk();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    await room.publishScreen();
    expect(publishers[0]?.properties).toMatchObject({ videoSource: "screen", publishAudio: false });
  });

  it("publishes a clone of a custom track, so the caller's track outlives the publication", async () => {
    const { sdk, publishers } = fakeSdk();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    const original = fakeTrack("canvas");
    const publication = await room.publishTrack(original as unknown as MediaStreamTrack, {
      name: "slides.pdf",
    });
    const given = publishers[0]?.properties.videoSource as FakeTrack;
    expect(given).not.toBe(original);
    expect(given.label).toBe("canvas (clone)");
    expect(publishers[0]?.properties.name).toBe("slides.pdf");
    await publication.stop();
    expect(given.readyState).toBe("ended");
    expect(original.readyState).toBe("live");
  });

  it("announces remote streams and subscribes to them; unknown streams are refused", async () => {
    const { sdk, calls, emit } = fakeSdk();
    const { seen, events } = recordEvents();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      events,
    );
    emit("streamCreated", {
      stream: { streamId: "s-1", videoType: "camera", hasVideo: false, hasAudio: true },
    });
    const element = {} as HTMLElement;
    const subscription = await room.subscribe("s-1", element);
    await subscription.stop();
    emit("streamDestroyed", { stream: { streamId: "s-1" } });
    expect(seen).toEqual(["added s-1 camera", "removed s-1"]);
    expect(calls).toContain("subscribe s-1");
    expect(calls).toContain("unsubscribe");
    await expect(room.subscribe("s-1", element)).rejects.toSatisfy((error) =>
      isLiveError(error, "INVALID_INPUT"),
    );
  });

  it("R-AUD-2: subscribes with the stream's audio off when asked, and setAudio turns it on and off", async () => {
    const { sdk, subscribers, emit } = fakeSdk();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    emit("streamCreated", {
      stream: { streamId: "s-1", videoType: "camera", hasVideo: true, hasAudio: true },
    });
    const element = {} as HTMLElement;
    // The audience starts muted: the subscriber is created without the stream's audio.
    const muted = await room.subscribe("s-1", element, { audio: false });
    expect(subscribers[0]?.properties).toMatchObject({ subscribeToAudio: false });
    expect(subscribers[0]?.audio).toEqual([]);
    await muted.setAudio?.(true);
    await muted.setAudio?.(false);
    expect(subscribers[0]?.audio).toEqual([true, false]);
    // Once stopped, the subscription no longer touches its subscriber.
    await muted.stop();
    await muted.setAudio?.(true);
    expect(subscribers[0]?.audio).toEqual([true, false]);
    // Without the option (the control room), the stream's audio plays from the start.
    await room.subscribe("s-1", element);
    expect(subscribers[1]?.properties).toMatchObject({ subscribeToAudio: true });
  });

  it("leave() destroys every publisher, stops every cloned track and disconnects once", async () => {
    const { sdk, calls, publishers } = fakeSdk();
    const { seen, events } = recordEvents();
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      events,
    );
    await room.publishCamera({ publishVideo: false, publishAudio: true });
    await room.publishTrack(fakeTrack("image") as unknown as MediaStreamTrack);
    await room.leave();
    await room.leave();
    expect(publishers.map((publisher) => publisher.destroyed)).toEqual([true, true]);
    expect(givenTrack(publishers, 1).readyState).toBe("ended");
    expect(calls.filter((call) => call === "disconnect")).toHaveLength(1);
    expect(seen).toEqual(["disconnected left"]);
    await expect(room.publishScreen()).rejects.toSatisfy((error) => isLiveError(error, "CONFLICT"));
  });

  it("reports a provider-side cut as forced and a network loss as network, stopping local media", async () => {
    for (const [reason, expected] of [
      ["forceDisconnected", "disconnected forced"],
      ["networkDisconnected", "disconnected network"],
    ] as const) {
      const { sdk, publishers, emit } = fakeSdk();
      const { seen, events } = recordEvents();
      const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
        connection,
        events,
      );
      await room.publishCamera({ publishVideo: false, publishAudio: true });
      emit("sessionDisconnected", { reason });
      await new Promise((resolve) => setTimeout(resolve, 0)); // the room stops its publishers first
      expect(seen).toEqual([expected]);
      expect(publishers[0]?.destroyed).toBe(true);
    }
  });

  it("maps SDK errors to LiveError codes", async () => {
    const connectFailed = fakeSdk({
      connect: { name: "OT_CONNECT_FAILED", code: 1006, message: "x" },
    });
    const error = await createVonageVideoClient({ loadSdk: async () => connectFailed.sdk })
      .connect(connection, recordEvents().events)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveError);
    expect(error).toMatchObject({ code: "PROVIDER_FAILED", retriable: true });
    expect((error as LiveError).message).toContain("OT_CONNECT_FAILED 1006");

    const expired = fakeSdk({ connect: { code: 1004, message: "Invalid token" } });
    await expect(
      createVonageVideoClient({ loadSdk: async () => expired.sdk }).connect(
        connection,
        recordEvents().events,
      ),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", retriable: true });

    const denied = fakeSdk({ init: { name: "OT_USER_MEDIA_ACCESS_DENIED" } });
    const room = await createVonageVideoClient({ loadSdk: async () => denied.sdk }).connect(
      connection,
      recordEvents().events,
    );
    const refusal = await room
      .publishCamera({ publishVideo: false, publishAudio: true })
      .catch((caught: unknown) => caught as LiveError);
    expect(refusal).toMatchObject({ code: "FORBIDDEN" });
    expect((refusal as LiveError).advice.map((item) => item.code)).toEqual([
      "allow-camera-and-audio",
    ]);
    expect(denied.publishers[0]?.destroyed).toBe(true);
  });

  it("stops the clone when publishing a custom track fails", async () => {
    const { sdk, publishers } = fakeSdk({ publish: { name: "OT_STREAM_CREATE_FAILED" } });
    const room = await createVonageVideoClient({ loadSdk: async () => sdk }).connect(
      connection,
      recordEvents().events,
    );
    await expect(
      room.publishTrack(fakeTrack("pdf") as unknown as MediaStreamTrack),
    ).rejects.toMatchObject({
      code: "PROVIDER_FAILED",
    });
    expect(givenTrack(publishers, 0).readyState).toBe("ended");
  });

  it("refuses a mock provider's grant and explains a missing SDK", async () => {
    const client = createVonageVideoClient({
      loadSdk: () => Promise.reject(new Error("Cannot find module")),
    });
    await expect(
      client.connect(
        { provider: "mock", applicationId: "mock-app", roomId: "r", token: "t" },
        recordEvents().events,
      ),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(client.connect(connection, recordEvents().events)).rejects.toMatchObject({
      code: "PROVIDER_FAILED",
      message: expect.stringContaining("@vonage/client-sdk-video"),
    });
  });
});
