// createFakeVideoClient: the VideoClient port without a provider, for tests of control rooms and
// UIs. Rooms are shared in-process (two clients on one room id see each other's streams), tracks
// are real where the page has media, and every call is logged for assertions.

import type { ProviderConnection } from "@onair/core";
import { LiveError } from "@onair/core";
import { cameraTracks, type FakeMediaMode, screenTrack } from "./fake-media.js";
import {
  type FakeRoomMember,
  type FakeRoomStream,
  type FakeVideoRooms,
  sharedFakeVideoRooms,
} from "./fake-video-rooms.js";
import type {
  DisconnectReason,
  LocalPublication,
  PublishCameraOptions,
  PublishTrackOptions,
  SubscribeOptions,
  Subscription,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
  VideoType,
} from "./video-port.js";

export type FakeVideoMethod =
  | "connect"
  | "publishCamera"
  | "publishScreen"
  | "publishTrack"
  | "subscribe"
  | "preview"
  | "setVideo"
  | "setAudio"
  | "unpublish"
  | "unsubscribe"
  | "unpreview"
  | "leave";

/** One call, as a test asserts it. Tokens are never recorded. */
export interface FakeVideoCall {
  readonly method: FakeVideoMethod;
  readonly roomId: string;
  readonly streamId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface FakeVideoClientOptions {
  /** Rooms to join; default the registry shared by every fake client of this realm. */
  readonly rooms?: FakeVideoRooms;
  /** Real media where present (default), or always stand-in tracks. */
  readonly media?: FakeMediaMode;
}

/** A local publication as the fake keeps it. */
export interface FakePublication {
  readonly streamId: string;
  readonly videoType: VideoType;
  /** The tracks the room published (the clone, for a custom track). */
  readonly tracks: readonly MediaStreamTrack[];
  readonly stopped: boolean;
}

export interface FakeVideoClient extends VideoClient {
  /** Every call, in order. */
  readonly calls: readonly FakeVideoCall[];
  /** Every track this client created or cloned (so a test can check they all ended). */
  readonly tracks: readonly MediaStreamTrack[];
  /** The publications of the connected rooms, stopped ones included. */
  readonly publications: readonly FakePublication[];
  /** The next call of `method` fails with `error` (default: LiveError PROVIDER_FAILED, retriable). */
  failNext(method: FakeVideoMethod, error?: Error): void;
  /** Ends every connected room as the network or the provider would ("forced": R-PERM-5/6). */
  disconnectAll(reason: Exclude<DisconnectReason, "left">): Promise<void>;
}

export function createFakeVideoClient(options: FakeVideoClientOptions = {}): FakeVideoClient {
  const rooms = options.rooms ?? sharedFakeVideoRooms;
  const media = options.media ?? "auto";
  const calls: FakeVideoCall[] = [];
  const tracks: MediaStreamTrack[] = [];
  const publications: FakePublication[] = [];
  const failures = new Map<FakeVideoMethod, Error[]>();
  const openRooms = new Set<FakeRoom>();

  const record = (call: FakeVideoCall) => {
    calls.push(call);
    const planned = failures.get(call.method)?.shift();
    if (planned !== undefined) throw planned;
  };

  class FakeRoom implements VideoRoom, FakeRoomMember {
    readonly events: VideoRoomEvents;
    readonly #roomId: string;
    readonly #own = new Map<string, { publication: FakePublication & { stopped: boolean } }>();
    #ended = false;

    constructor(roomId: string, events: VideoRoomEvents) {
      this.#roomId = roomId;
      this.events = events;
    }

    enter(): void {
      openRooms.add(this);
      for (const stream of rooms.join(this.#roomId, this)) this.events.streamAdded(stream.info);
    }

    async publishCamera(options: PublishCameraOptions): Promise<LocalPublication> {
      this.#record("publishCamera", undefined, {
        videoDeviceId: options.videoDeviceId ?? null,
        audioDeviceId: options.audioDeviceId ?? null,
        publishVideo: options.publishVideo,
        publishAudio: options.publishAudio,
      });
      // Like the Vonage SDK: with the video off the camera is not even opened (its light stays
      // off, R-PERM-3); it opens on setVideo(true). The microphone opens, muted if asked.
      const created = await cameraTracks(media, options, {
        video: options.publishVideo,
        audio: true,
      });
      tracks.push(...created);
      const video = created.find((track) => track.kind === "video") ?? null;
      const audio = created.find((track) => track.kind === "audio") ?? null;
      if (audio !== null) audio.enabled = options.publishAudio;
      const openCamera = async () => {
        const [opened] = await cameraTracks(media, options, { video: true, audio: false });
        if (opened !== undefined) tracks.push(opened);
        return opened ?? null;
      };
      return this.#publish(
        "camera",
        video,
        audio,
        options.publishVideo,
        options.publishAudio,
        openCamera,
      );
    }

    async publishScreen(_options?: { readonly element?: HTMLElement }): Promise<LocalPublication> {
      this.#record("publishScreen");
      const track = await screenTrack(media);
      tracks.push(track);
      return this.#publish("screen", track, null, true, false);
    }

    async publishTrack(
      track: MediaStreamTrack,
      options: PublishTrackOptions = {},
    ): Promise<LocalPublication> {
      this.#record("publishTrack", undefined, { kind: track.kind, name: options.name ?? null });
      // Like the Vonage publisher, the room owns (and stops) what it publishes: a clone.
      const clone = track.clone();
      tracks.push(clone);
      return this.#publish("custom", clone, null, true, false);
    }

    async subscribe(
      streamId: string,
      element: HTMLElement,
      options: SubscribeOptions = {},
    ): Promise<Subscription> {
      this.#record("subscribe", streamId, { audio: options.audio ?? true });
      const stream = rooms.room(this.#roomId).streams.get(streamId);
      if (stream === undefined) {
        throw new LiveError("INVALID_INPUT", `No stream ${streamId} in this room.`);
      }
      // The page's <video> starts muted whatever is asked (autoplay); setAudio(true) unmutes it.
      const shown = showTracks([stream.video, stream.audio], element);
      let stopped = false;
      return {
        stop: async () => {
          if (stopped) return;
          stopped = true;
          calls.push({ method: "unsubscribe", roomId: this.#roomId, streamId });
          shown?.remove();
        },
        setAudio: async (on) => {
          if (stopped) return;
          calls.push({ method: "setAudio", roomId: this.#roomId, streamId, details: { on } });
          if (shown !== null) shown.muted = !on;
        },
      };
    }

    async leave(): Promise<void> {
      if (this.#ended) return;
      this.#record("leave");
      await this.end("left");
    }

    async end(reason: DisconnectReason): Promise<void> {
      if (this.#ended) return;
      this.#ended = true;
      openRooms.delete(this);
      for (const streamId of [...this.#own.keys()]) this.#unpublish(streamId);
      rooms.leave(this.#roomId, this);
      this.events.disconnected(reason);
    }

    #record(method: FakeVideoMethod, streamId?: string, details?: Record<string, unknown>): void {
      if (this.#ended) {
        throw new LiveError(
          "CONFLICT",
          "This video room was left: connect again with a fresh grant.",
        );
      }
      record({
        method,
        roomId: this.#roomId,
        ...(streamId === undefined ? {} : { streamId }),
        ...(details === undefined ? {} : { details }),
      });
    }

    #publish(
      videoType: VideoType,
      initialVideo: MediaStreamTrack | null,
      audio: MediaStreamTrack | null,
      hasVideo: boolean,
      hasAudio: boolean,
      openVideo?: () => Promise<MediaStreamTrack | null>,
    ): LocalPublication {
      const streamId = rooms.nextStreamId();
      let video = initialVideo;
      const owned = [video, audio].filter((track): track is MediaStreamTrack => track !== null);
      if (this.#ended) {
        for (const track of owned) track.stop();
        throw new LiveError("CONFLICT", "This video room was left while publishing.");
      }
      const publication = { streamId, videoType, tracks: owned, stopped: false };
      publications.push(publication);
      this.#own.set(streamId, { publication });
      const stream: { -readonly [K in keyof FakeRoomStream]: FakeRoomStream[K] } = {
        info: { streamId, videoType, hasVideo, hasAudio },
        video,
        audio,
        owner: this,
      };
      rooms.addStream(this.#roomId, stream);
      const room = this;
      return {
        streamId,
        async setVideo(on) {
          room.#record("setVideo", streamId, { on });
          if (on && video === null && openVideo !== undefined && !publication.stopped) {
            const opened = await openVideo();
            if (opened !== null && publication.stopped) opened.stop(); // left while opening
            if (opened !== null && !publication.stopped) {
              video = opened;
              owned.push(opened);
              stream.video = opened;
            }
          }
          if (video !== null) video.enabled = on;
        },
        async setAudio(on) {
          room.#record("setAudio", streamId, { on });
          if (audio !== null) audio.enabled = on;
        },
        async stop() {
          if (publication.stopped) return;
          calls.push({ method: "unpublish", roomId: room.#roomId, streamId });
          room.#unpublish(streamId);
        },
        async preview(element) {
          room.#record("preview", streamId);
          // One's own video only: the microphone is never played back.
          const shown = showTracks([video], element);
          let stopped = false;
          return {
            stop: async () => {
              if (stopped) return;
              stopped = true;
              calls.push({ method: "unpreview", roomId: room.#roomId, streamId });
              shown?.remove();
            },
          };
        },
      };
    }

    #unpublish(streamId: string): void {
      const own = this.#own.get(streamId);
      if (own === undefined) return;
      this.#own.delete(streamId);
      own.publication.stopped = true;
      for (const track of own.publication.tracks) track.stop();
      rooms.removeStream(this.#roomId, streamId);
    }
  }

  return {
    calls,
    tracks,
    publications,
    async connect(connection: ProviderConnection, events: VideoRoomEvents): Promise<VideoRoom> {
      record({
        method: "connect",
        roomId: connection.roomId,
        details: { provider: connection.provider },
      });
      const room = new FakeRoom(connection.roomId, events);
      room.enter();
      return room;
    },
    failNext(method, error) {
      const planned = failures.get(method) ?? [];
      planned.push(
        error ??
          new LiveError("PROVIDER_FAILED", `The fake video client failed ${method} on purpose.`, {
            retriable: true,
          }),
      );
      failures.set(method, planned);
    },
    async disconnectAll(reason) {
      await Promise.all([...openRooms].map((room) => room.end(reason)));
    },
  };
}

/** In a page, a subscription or a preview shows the publisher's tracks in a muted, autoplaying <video>. */
function showTracks(
  candidates: readonly (MediaStreamTrack | null)[],
  element: HTMLElement,
): HTMLVideoElement | null {
  if (typeof MediaStream === "undefined" || typeof element.appendChild !== "function") return null;
  const tracks = candidates.filter(
    (track): track is MediaStreamTrack => track !== null && track instanceof MediaStreamTrack,
  );
  if (tracks.length === 0) return null;
  const video = element.ownerDocument.createElement("video");
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = new MediaStream(tracks);
  element.appendChild(video);
  void video.play().catch(() => {});
  return video;
}
