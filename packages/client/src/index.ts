// @onair/client: the browser side of onair, for any UI framework.

export type { ContentSourceOptions, FileContentSource } from "./content/content-source.js";
export { createContentSource } from "./content/content-source.js";
export type { ClientErrorCode, TransportErrorCode } from "./http/client-errors.js";
export { clientErrorCode } from "./http/client-errors.js";
export { createLiveClient } from "./http/live-client.js";
export { gatherPreflightReport } from "./preflight/gather-preflight-lazy.js";
export type {
  AudienceFollower,
  AudienceRoom,
  AudienceRoomOptions,
  AudienceRoomState,
  AudienceState,
  ClientLocale,
  ConnectivityProbeOptions,
  ContentShareHandle,
  ContentSource,
  ContentSourceFactory,
  ControlRoom,
  ControlRoomOptions,
  ControlRoomState,
  DeviceList,
  ExternalStore,
  GatheredPreflight,
  GatherPreflightOptions,
  JoinDevices,
  LiveClient,
  LiveClientOptions,
  LiveStatus,
  MeasureUploadOptions,
  MediaDeviceSummary,
  PreflightFailure,
  ReconnectOptions,
  RoomStream,
  StreamAttachment,
} from "./types.js";
export type {
  DisconnectReason,
  LocalPublication,
  PublishCameraOptions,
  PublishTrackOptions,
  RemoteStreamInfo,
  SubscribeOptions,
  Subscription,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
  VideoType,
} from "./video/video-client.js";
export type { VonageVideoClientOptions } from "./video/vonage-video-client.js";
export { createVonageVideoClient } from "./video/vonage-video-client.js";
