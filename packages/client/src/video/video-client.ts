// The VideoClient port: what the control room needs from a real-time video SDK. The Vonage
// wrapper implements it for production, @onair/testing's fake video client for tests.
import type { ProviderConnection } from "@onair/core";

/** What a stream is, as the room announces it. */
export type VideoType = "camera" | "screen" | "custom";

/** A stream published in the room by someone else. */
export interface RemoteStreamInfo {
  readonly streamId: string;
  readonly videoType: VideoType | null;
  readonly hasVideo: boolean;
  readonly hasAudio: boolean;
}

/** Why the room connection ended: the network, a provider-side cut (R-PERM-5/6), or our leave. */
export type DisconnectReason = "network" | "forced" | "left";

/** Called by the room; the control room turns these into its state. */
export interface VideoRoomEvents {
  streamAdded(stream: RemoteStreamInfo): void;
  streamRemoved(streamId: string): void;
  disconnected(reason: DisconnectReason): void;
}

export interface PublishCameraOptions {
  /** The devices chosen at entry (preflight); the browser default when absent. */
  readonly videoDeviceId?: string;
  readonly audioDeviceId?: string;
  /** False on entry for everyone (R-PERM-3). */
  readonly publishVideo: boolean;
  readonly publishAudio: boolean;
  /** Where the SDK may put its preview; nothing is shown when absent. */
  readonly element?: HTMLElement;
}

export interface PublishTrackOptions {
  readonly name?: string;
  readonly element?: HTMLElement;
}

/** One local publication (camera + microphone, a screen, or a custom track). */
export interface LocalPublication {
  /** Known once the room accepted the stream. */
  readonly streamId: string | null;
  setVideo(on: boolean): Promise<void>;
  setAudio(on: boolean): Promise<void>;
  /** Unpublishes and stops the tracks this publication owns. */
  stop(): Promise<void>;
  /**
   * Shows what this publication sends in an element (muted: one's own microphone is never played
   * back); stopping the preview leaves the publication alone. Optional for other implementations:
   * without it, `attach` shows nothing for one's own streams.
   */
  preview?(element: HTMLElement): Promise<Subscription>;
}

export interface SubscribeOptions {
  /** Whether its audio plays from the start (default true; the audience starts muted, R-AUD-2). */
  readonly audio?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
  /** Plays or silences its audio (the unmute button). Optional for other implementations. */
  setAudio?(on: boolean): Promise<void>;
}

/** A connected room. */
export interface VideoRoom {
  publishCamera(options: PublishCameraOptions): Promise<LocalPublication>;
  publishScreen(options?: { readonly element?: HTMLElement }): Promise<LocalPublication>;
  /**
   * Publishes a track made by the page (a shared PDF, image or video file). The room publishes a
   * clone: the caller keeps its own track and stops it when it is done with it.
   */
  publishTrack(track: MediaStreamTrack, options?: PublishTrackOptions): Promise<LocalPublication>;
  subscribe(
    streamId: string,
    element: HTMLElement,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** Stops every local publication and track, then disconnects. Safe to call twice. */
  leave(): Promise<void>;
}

export interface VideoClient {
  /**
   * Connects with a fresh grant's `connection` (`JoinGrant.connection` of the core, tagged by
   * provider; R-PERM-5: never a stale one).
   */
  connect(connection: ProviderConnection, events: VideoRoomEvents): Promise<VideoRoom>;
}
