// @onair/react: hooks over the @onair/client stores and unstyled, accessible components.

export type { AudienceScreenProps } from "./components/audience-screen.js";
export { AudienceScreen } from "./components/audience-screen.js";
export type { ContentShareProps } from "./components/content-share.js";
export { ContentShare } from "./components/content-share.js";
export type { LiveStageProps } from "./components/live-stage.js";
export { LiveStage } from "./components/live-stage.js";
export type { HlsLike, HlsModule, PlayerProps } from "./components/player.js";
export { Player } from "./components/player.js";
export type {
  AdviceItem,
  PreflightPanelProps,
  PreflightView,
} from "./components/preflight-panel.js";
export { PreflightPanel } from "./components/preflight-panel.js";
export type { PresenceCountProps } from "./components/presence-count.js";
export { PresenceCount } from "./components/presence-count.js";
export type { StagePickerProps } from "./components/stage-picker.js";
export { StagePicker } from "./components/stage-picker.js";
export type { StartLiveButtonProps } from "./components/start-live-button.js";
export { StartLiveButton } from "./components/start-live-button.js";
export type { StopLiveButtonProps } from "./components/stop-live-button.js";
export { StopLiveButton } from "./components/stop-live-button.js";
export type { AttachStream, StreamVideoProps } from "./components/stream-video.js";
export { StreamVideo } from "./components/stream-video.js";
export { useAudience } from "./hooks/use-audience.js";
export type { AudienceRoomHandle } from "./hooks/use-audience-room.js";
export { useAudienceRoom } from "./hooks/use-audience-room.js";
export type { ContentShareControls } from "./hooks/use-content-share.js";
export { useContentShare } from "./hooks/use-content-share.js";
export type { JoinHandle, UseJoinOptions } from "./hooks/use-join.js";
export { useJoin } from "./hooks/use-join.js";
export type { LiveControls } from "./hooks/use-live-controls.js";
export { useLiveControls } from "./hooks/use-live-controls.js";
export type { PreflightControls, UsePreflightOptions } from "./hooks/use-preflight.js";
export { usePreflight } from "./hooks/use-preflight.js";
export type { PresenceControls, PresenceOptions } from "./hooks/use-presence.js";
export { usePresence } from "./hooks/use-presence.js";
export type { StageControls } from "./hooks/use-stage.js";
export { useStage } from "./hooks/use-stage.js";
export type { OnAirContextValue, OnAirProviderProps } from "./provider/on-air-provider.js";
export { OnAirProvider, useOnAir, useOnAirStrings } from "./provider/on-air-provider.js";
export type { OnAirLocale, OnAirStrings } from "./strings/strings.js";
export { en, fr, stringsFor } from "./strings/strings.js";
