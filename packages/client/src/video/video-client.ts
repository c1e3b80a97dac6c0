// The VideoClient port: what the control room needs from a real-time video SDK. The Vonage
// wrapper implements it for production, @onair/testing's fake video client for tests.
import type { JoinGrant } from "@onair/core";

/**
 * How to reach the provider's room, from `JoinGrant.connection`. Tagged by provider: a grant of
 * the mock provider carries no application id.
 */
export type GrantConnection =
  | {
      readonly provider: "vonage";
      readonly applicationId: string;
      readonly roomId: string;
      readonly token: string;
    }
  | { readonly provider: "mock"; readonly roomId: string; readonly token: string };

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
}

export interface Subscription {
  stop(): Promise<void>;
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
  subscribe(streamId: string, element: HTMLElement): Promise<Subscription>;
  /** Stops every local publication and track, then disconnects. Safe to call twice. */
  leave(): Promise<void>;
}

export interface VideoClient {
  /** Connects with a fresh grant's connection (R-PERM-5: never a stale one). */
  connect(connection: GrantConnection, events: VideoRoomEvents): Promise<VideoRoom>;
}

/**
 * The grant's connection details. Grants that do not carry the tagged `connection` yet have the
 * fields flat on the grant, which only the Vonage provider's shape fits.
 */
export function connectionOf(grant: JoinGrant): GrantConnection {
  const tagged = (grant as { readonly connection?: GrantConnection }).connection;
  if (tagged !== undefined) return tagged;
  return {
    provider: "vonage",
    applicationId: grant.applicationId,
    roomId: grant.roomId,
    token: grant.token,
  };
}
