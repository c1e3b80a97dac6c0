// @onair/client: the browser side of onair, for any UI framework.

export type {
  AudienceFollower,
  AudienceState,
  ClientLocale,
  ContentShareHandle,
  ControlRoom,
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
