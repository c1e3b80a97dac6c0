// The connected Vonage room behind createVonageVideoClient. Loaded with the SDK on the first
// connect (a separate chunk), so pages that never join pay nothing for it.
import { LiveError } from "@onair/core/browser";
import { showTrack } from "./show-track.js";
import type {
  DisconnectReason,
  LocalPublication,
  RemoteStreamInfo,
  SubscribeOptions,
  Subscription,
  VideoRoom,
  VideoRoomEvents,
} from "./video-client.js";
import { liveErrorFromVonage, type VonageSdkError } from "./vonage-errors.js";
import {
  cameraProperties,
  initVonagePublisher,
  screenProperties,
  trackProperties,
} from "./vonage-publisher.js";
import {
  unwrapSdk,
  type VonageSdk,
  type VonageSdkPublisher,
  type VonageSdkSession,
  type VonageSdkStream,
} from "./vonage-sdk.js";

/** Connects to the grant's room with the loaded SDK module. */
export async function connectVonageRoom(
  sdkModule: unknown,
  connection: { readonly applicationId: string; readonly roomId: string; readonly token: string },
  events: VideoRoomEvents,
): Promise<VideoRoom> {
  const sdk = unwrapSdk(sdkModule);
  const session = sdk.initSession(connection.applicationId, connection.roomId);
  const room = new VonageRoom(sdk, session, events);
  await room.connect(connection.token);
  return room;
}

function streamInfo(stream: VonageSdkStream): RemoteStreamInfo {
  return {
    streamId: stream.streamId,
    videoType: stream.videoType ?? null,
    hasVideo: stream.hasVideo,
    hasAudio: stream.hasAudio,
  };
}

/** The SDK's `sessionDisconnected` reasons, in the port's words. */
function disconnectReason(reason: string | undefined): DisconnectReason {
  if (reason === "forceDisconnected") return "forced";
  if (reason === "clientDisconnected") return "left";
  return "network";
}

function callbackPromise(
  call: (callback: (error?: VonageSdkError) => void) => unknown,
  during: "connect" | "publish" | "subscribe" | "devices",
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      call((error) => (error ? reject(liveErrorFromVonage(error, during)) : resolve()));
    } catch (error) {
      reject(liveErrorFromVonage(error, during));
    }
  });
}

class VonageRoom implements VideoRoom {
  readonly #sdk: VonageSdk;
  readonly #session: VonageSdkSession;
  readonly #events: VideoRoomEvents;
  /** Remote streams by id, for subscribe(). */
  readonly #streams = new Map<string, VonageSdkStream>();
  readonly #publications = new Set<VonagePublication>();
  #ended = false;

  constructor(sdk: VonageSdk, session: VonageSdkSession, events: VideoRoomEvents) {
    this.#sdk = sdk;
    this.#session = session;
    this.#events = events;
    session.on("streamCreated", (event) => {
      if (event.stream === undefined || this.#ended) return;
      this.#streams.set(event.stream.streamId, event.stream);
      events.streamAdded(streamInfo(event.stream));
    });
    session.on("streamDestroyed", (event) => {
      if (event.stream === undefined || this.#ended) return;
      if (this.#streams.delete(event.stream.streamId)) events.streamRemoved(event.stream.streamId);
    });
    session.on("sessionDisconnected", (event) => {
      void this.#end(disconnectReason(event.reason));
    });
  }

  connect(token: string): Promise<void> {
    return callbackPromise((done) => this.#session.connect(token, done), "connect");
  }

  publishCamera(options: Parameters<VideoRoom["publishCamera"]>[0]): Promise<LocalPublication> {
    return this.#publish(options.element, cameraProperties(options), []);
  }

  publishScreen(options: { readonly element?: HTMLElement } = {}): Promise<LocalPublication> {
    return this.#publish(options.element, screenProperties(options.element), []);
  }

  publishTrack(
    track: MediaStreamTrack,
    options: { readonly name?: string; readonly element?: HTMLElement } = {},
  ): Promise<LocalPublication> {
    // The publisher stops the track it is given when destroyed: give it a clone, keep the original.
    const clone = track.clone();
    return this.#publish(options.element, trackProperties(clone, options), [clone]);
  }

  async subscribe(
    streamId: string,
    element: HTMLElement,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    this.#assertOpen();
    const stream = this.#streams.get(streamId);
    if (stream === undefined) {
      throw new LiveError("INVALID_INPUT", `No stream ${streamId} in this room.`);
    }
    let subscriber: ReturnType<VonageSdkSession["subscribe"]> | undefined;
    await callbackPromise((done) => {
      subscriber = this.#session.subscribe(
        stream,
        element,
        {
          insertMode: "append",
          width: "100%",
          height: "100%",
          subscribeToAudio: options.audio ?? true,
        },
        done,
      );
      return subscriber;
    }, "subscribe");
    let stopped = false;
    return {
      stop: async () => {
        if (stopped || subscriber === undefined) return;
        stopped = true;
        if (!this.#ended) this.#session.unsubscribe(subscriber);
      },
      setAudio: async (on) => {
        if (!stopped && !this.#ended) subscriber?.subscribeToAudio?.(on);
      },
    };
  }

  leave(): Promise<void> {
    return this.#end("left");
  }

  async #publish(
    element: HTMLElement | undefined,
    properties: Record<string, unknown>,
    ownedTracks: readonly MediaStreamTrack[],
  ): Promise<LocalPublication> {
    const stopOwned = () => {
      for (const track of ownedTracks) track.stop();
    };
    if (this.#ended) stopOwned();
    this.#assertOpen();
    let publisher: VonageSdkPublisher;
    try {
      publisher = await initVonagePublisher(this.#sdk, element, properties);
      await callbackPromise((done) => this.#session.publish(publisher, done), "publish");
    } catch (error) {
      stopOwned();
      throw error;
    }
    if (this.#ended) {
      // The room ended while the publisher was starting: nothing may keep a camera open.
      publisher.destroy();
      stopOwned();
      this.#assertOpen();
    }
    const publication = new VonagePublication(this.#session, publisher, ownedTracks, () =>
      this.#publications.delete(publication),
    );
    this.#publications.add(publication);
    return publication;
  }

  #assertOpen(): void {
    if (this.#ended) {
      throw new LiveError(
        "CONFLICT",
        "This video room was left: connect again with a fresh grant.",
      );
    }
  }

  async #end(reason: DisconnectReason): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const publications = [...this.#publications];
    await Promise.all(publications.map((publication) => publication.stop()));
    this.#streams.clear();
    if (reason === "left") this.#session.disconnect();
    this.#events.disconnected(reason);
  }
}

class VonagePublication implements LocalPublication {
  readonly #session: VonageSdkSession;
  readonly #publisher: VonageSdkPublisher;
  readonly #ownedTracks: readonly MediaStreamTrack[];
  readonly #forget: () => void;
  #stopped = false;

  constructor(
    session: VonageSdkSession,
    publisher: VonageSdkPublisher,
    ownedTracks: readonly MediaStreamTrack[],
    forget: () => void,
  ) {
    this.#session = session;
    this.#publisher = publisher;
    this.#ownedTracks = ownedTracks;
    this.#forget = forget;
  }

  get streamId(): string | null {
    return this.#publisher.stream?.streamId ?? null;
  }

  async setVideo(on: boolean): Promise<void> {
    if (this.#stopped) return;
    // Resolves once the SDK has swapped the camera's track in (or out), so a preview shown after
    // it plays the camera and not the blank track the camera replaces.
    await callbackPromise((done) => this.#publisher.publishVideo(on, done), "devices");
  }

  async setAudio(on: boolean): Promise<void> {
    if (!this.#stopped) this.#publisher.publishAudio(on);
  }

  async preview(element: HTMLElement): Promise<Subscription> {
    // The SDK inserts no UI of its own here: the page's element shows the track it sends.
    const track = this.#stopped ? null : (this.#publisher.getVideoSource?.()?.track ?? null);
    const remove = track === null ? null : showTrack(element, track);
    return { stop: async () => remove?.() };
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#forget();
    try {
      this.#session.unpublish(this.#publisher);
    } finally {
      // destroy() stops the publisher's camera, microphone and screen tracks.
      this.#publisher.destroy();
      for (const track of this.#ownedTracks) track.stop();
    }
  }
}
