// The VideoClient port: what the control room needs from a video SDK. Implementations wrap the
// Vonage client SDK (lazily loaded) or, in tests, a fake that runs in-process.
import type { JoinGrant } from "@onair/core";

/**
 * How to reach the provider's room, from a grant. Tagged by provider; mirrors the core's
 * `JoinGrant["connection"]` once the core carries it.
 */
export type GrantConnection =
  | {
      readonly provider: "vonage";
      readonly applicationId: string;
      readonly roomId: string;
      readonly token: string;
    }
  | { readonly provider: "mock"; readonly roomId: string; readonly token: string };

export interface VideoClient {
  connect(connection: GrantConnection, events: VideoRoomEvents): Promise<VideoRoom>;
}

export interface VideoRoomEvents {
  streamAdded(stream: RemoteStreamInfo): void;
  streamRemoved(streamId: string): void;
  disconnected(reason: "network" | "forced" | "left"): void;
}

export interface RemoteStreamInfo {
  readonly streamId: string;
  readonly videoType: "camera" | "screen" | "custom" | null;
  readonly hasVideo: boolean;
  readonly hasAudio: boolean;
}

export interface VideoRoom {
  publishCamera(options: {
    videoDeviceId?: string;
    audioDeviceId?: string;
    publishVideo: boolean;
    publishAudio: boolean;
    element?: HTMLElement;
  }): Promise<LocalPublication>;
  publishScreen(options?: { element?: HTMLElement }): Promise<LocalPublication>;
  /** Publishes a clone of the track (the Vonage publisher stops what it is given). */
  publishTrack(
    track: MediaStreamTrack,
    options?: { name?: string; element?: HTMLElement },
  ): Promise<LocalPublication>;
  subscribe(streamId: string, element: HTMLElement): Promise<{ stop(): Promise<void> }>;
  /** Every local track stopped. */
  leave(): Promise<void>;
}

export interface LocalPublication {
  readonly streamId: string | null;
  setVideo(on: boolean): Promise<void>;
  setAudio(on: boolean): Promise<void>;
  stop(): Promise<void>;
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
