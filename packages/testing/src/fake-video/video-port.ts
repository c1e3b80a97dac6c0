// The VideoClient port of @onair/client, restated so @onair/testing does not depend on the client
// package (the client's own tests use this kit: a dependency back would be a cycle). A type test in
// @onair/client (fake-video-client.test-d.ts) fails if the two drift apart.

import type { ProviderConnection } from "@onair/core";

export type VideoType = "camera" | "screen" | "custom";
export type DisconnectReason = "network" | "forced" | "left";

export interface RemoteStreamInfo {
  readonly streamId: string;
  readonly videoType: VideoType | null;
  readonly hasVideo: boolean;
  readonly hasAudio: boolean;
}

export interface VideoRoomEvents {
  streamAdded(stream: RemoteStreamInfo): void;
  streamRemoved(streamId: string): void;
  disconnected(reason: DisconnectReason): void;
}

export interface PublishCameraOptions {
  readonly videoDeviceId?: string;
  readonly audioDeviceId?: string;
  readonly publishVideo: boolean;
  readonly publishAudio: boolean;
  readonly element?: HTMLElement;
}

export interface PublishTrackOptions {
  readonly name?: string;
  readonly element?: HTMLElement;
}

export interface LocalPublication {
  readonly streamId: string | null;
  setVideo(on: boolean): Promise<void>;
  setAudio(on: boolean): Promise<void>;
  stop(): Promise<void>;
  preview?(element: HTMLElement): Promise<Subscription>;
}

export interface SubscribeOptions {
  readonly audio?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
  setAudio?(on: boolean): Promise<void>;
}

export interface VideoRoom {
  publishCamera(options: PublishCameraOptions): Promise<LocalPublication>;
  publishScreen(options?: { readonly element?: HTMLElement }): Promise<LocalPublication>;
  publishTrack(track: MediaStreamTrack, options?: PublishTrackOptions): Promise<LocalPublication>;
  subscribe(
    streamId: string,
    element: HTMLElement,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  leave(): Promise<void>;
}

export interface VideoClient {
  connect(connection: ProviderConnection, events: VideoRoomEvents): Promise<VideoRoom>;
}
