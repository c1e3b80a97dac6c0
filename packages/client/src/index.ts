// @onair/client: the browser side of onair, for any UI framework.

export type { ClientErrorCode, TransportErrorCode } from "./http/client-errors.js";
export { clientErrorCode } from "./http/client-errors.js";
export { createLiveClient } from "./http/live-client.js";
export { gatherPreflightReport } from "./preflight/gather-preflight.js";
export type {
  AudienceFollower,
  AudienceState,
  ClientLocale,
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
} from "./types.js";
export type {
  GrantConnection,
  LocalPublication,
  RemoteStreamInfo,
  VideoClient,
  VideoRoom,
  VideoRoomEvents,
} from "./video/video-client.js";
export { connectionOf } from "./video/video-client.js";
