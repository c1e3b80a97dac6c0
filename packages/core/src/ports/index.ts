export type { ChangeFeed, ChangeListener, SessionChange } from "./change-feed.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { IdGenerator } from "./ids.js";
export { randomIds } from "./ids.js";
export type {
  BroadcastInfo,
  IssuedToken,
  LiveProvider,
  MockConnection,
  ProviderConnection,
  ProviderEvent,
  ProviderLimits,
  ProviderRole,
  ProviderStage,
  RecordingInfo,
  StageOutputs,
  TokenRequest,
  VonageConnection,
} from "./live-provider.js";
export { providerRoleOf } from "./live-provider.js";
export type { LogFn, Logger } from "./logger.js";
export { silentLogger } from "./logger.js";
export type { Scheduler } from "./scheduler.js";
export { systemScheduler } from "./scheduler.js";
export type {
  HistoryEntry,
  PresenceCount,
  PresenceLease,
  SessionStore,
} from "./session-store.js";
