// @onair/core — the rules of a live session (SPEC) as a pure, framework-free core.
// Public exports are listed by name: nothing is public by accident.

export type { ContentLimits } from "./content/content-limits.js";
export { checkContent, defaultContentLimits } from "./content/content-limits.js";
export type { DetectedContent, DetectedKind } from "./content/detect-content.js";
export { CONTENT_HEAD_BYTES, detectContentKind } from "./content/detect-content.js";
export type { InputIssue, LiveErrorOptions } from "./errors.js";
export { isLiveError, LiveError, LiveErrorCode } from "./errors.js";
export type {
  DecideOptions,
  Decision,
  DisconnectReason,
  LiveCommand,
  LiveEffect,
  NotificationKind,
  PersonActor,
} from "./lifecycle/commands.js";
export { defaultDecideOptions } from "./lifecycle/commands.js";
export { decide } from "./lifecycle/decide.js";
export type { ReconcileReport, RecordingLookup } from "./lifecycle/reconcile.js";
export { decideReconcile } from "./lifecycle/reconcile.js";
export { replayStatusOf } from "./lifecycle/recording-segments.js";
export type {
  BroadcastInfo,
  ChangeFeed,
  ChangeListener,
  Clock,
  HistoryEntry,
  IdGenerator,
  IssuedToken,
  LiveProvider,
  LogFn,
  Logger,
  MockConnection,
  PresenceCount,
  PresenceLease,
  ProviderConnection,
  ProviderEvent,
  ProviderLimits,
  ProviderRole,
  ProviderStage,
  RecordingInfo,
  Scheduler,
  SessionChange,
  SessionStore,
  StageOutputs,
  TokenRequest,
  VonageConnection,
} from "./ports/index.js";
export {
  providerRoleOf,
  randomIds,
  silentLogger,
  systemClock,
  systemScheduler,
} from "./ports/index.js";
export type {
  Advice,
  HelpUrl,
  Locale,
  LocalizedAdvice,
  SupportedBrowser,
} from "./preflight/advice.js";
export { adviceHelpUrl, localizeAdvice, resolveLocale } from "./preflight/advice.js";
export type { PreflightOptions } from "./preflight/preflight-options.js";
export {
  defaultMinBrowserVersions,
  defaultMinUploadMbps,
  preflightOptionsSchema,
} from "./preflight/preflight-options.js";
export type {
  BrowserName,
  DeviceIssue,
  PermissionState,
  PreflightReport,
} from "./preflight/preflight-report.js";
export {
  browserNameSchema,
  deviceIssueSchema,
  permissionStateSchema,
  preflightReportSchema,
} from "./preflight/preflight-report.js";
export type {
  PreflightCheck,
  PreflightCheckId,
  PreflightOverall,
  PreflightResult,
  PreflightVerdict,
} from "./preflight/preflight-rules.js";
export { evaluatePreflight } from "./preflight/preflight-rules.js";
export {
  organizerRecommendations,
  troubleshootingAdvice,
  troubleshootingItems,
} from "./preflight/troubleshooting.js";
export { Capability, can, capabilitiesOf } from "./roles/capabilities.js";
export type {
  CreateLiveServiceOptions,
  LiveNotification,
  LiveServiceOptions,
} from "./service/live-service.js";
export { createLiveService } from "./service/live-service.js";

export type {
  AdminActor,
  AudienceView,
  ContentCheck,
  Identity,
  JoinGrant,
  JoinOptions,
  LiveService,
  ReplayLink,
  ServiceHealth,
} from "./service/types.js";
export type {
  WebhookHealth,
  WebhookHealthAlert,
  WebhookHealthOptions,
  WebhookHealthTracker,
  WebhookRefusalReason,
} from "./service/webhook-health.js";
export {
  createWebhookHealthTracker,
  webhookRefusal,
  webhookRefusalCauses,
  webhookRefusalReasonOf,
  webhookRefusalReasons,
} from "./service/webhook-health.js";
export { isValidEmail, normalizeEmail } from "./session/email.js";
export { parseInput } from "./session/input.js";
export { initialLiveState } from "./session/live-state.js";
export type {
  Actor,
  BroadcastState,
  BroadcastStatus,
  ContentKind,
  ControlRoomConnection,
  Layout,
  LiveEvent,
  LiveEventType,
  LivePhase,
  LiveSession,
  LiveState,
  LiveStream,
  Participant,
  ParticipantRole,
  ProviderRecordingStatus,
  RecordingSegment,
  RecordingStatus,
  ReplayStatus,
  Role,
  SessionStatus,
  Stage,
  StreamType,
  StreamVideoType,
} from "./session/model.js";
export { isProviderRecordingStatus, recordingStatuses } from "./session/model.js";
export {
  eventForNotification,
  notificationData,
  notificationFields,
} from "./session/notification-fields.js";
export type {
  CreateSessionInput,
  ParticipantInput,
  StageInput,
  UpdateSessionInput,
} from "./session/schemas.js";
export {
  createSessionInputSchema,
  layoutSchema,
  participantInputSchema,
  participantRoleSchema,
  stageInputSchema,
  streamTypeSchema,
  updateSessionInputSchema,
} from "./session/schemas.js";
export type {
  CreateContext,
  RuleContext,
  RuleEffect,
  RuleResult,
  SessionField,
} from "./session/session-rules.js";
export {
  addParticipantTo,
  assertDeletable,
  createSessionFrom,
  hasModerator,
  personKeyOf,
  publishSessionWith,
  removeParticipantFrom,
  rolesOf,
  unpublishSessionWith,
  updateSessionWith,
} from "./session/session-rules.js";
export { createInMemoryChangeFeed } from "./store/in-memory-change-feed.js";
export { createInMemoryStore } from "./store/in-memory-store.js";
export { checkPseudonym, parseInstant } from "./store/store-inputs.js";
