// @onair/core/browser — the part of the core a browser page needs (preflight, advice, roles,
// content checks, email identity, errors), without the server-side service. Same code as the
// main entry: a page may import either; this one keeps bundles small.

export { CONTENT_HEAD_BYTES, detectContentKind } from "./content/detect-content.js";
export type { InputIssue, LiveErrorOptions } from "./errors.js";
export { isLiveError, LiveError, LiveErrorCode } from "./errors.js";
export type {
  MockConnection,
  ProviderConnection,
  VonageConnection,
} from "./ports/live-provider.js";
export type {
  Advice,
  HelpUrl,
  Locale,
  LocalizedAdvice,
  SupportedBrowser,
} from "./preflight/advice.js";
export { adviceHelpUrl, localizeAdvice, resolveLocale } from "./preflight/advice.js";
export type { PreflightOptions } from "./preflight/preflight-options.js";
export type {
  BrowserName,
  DeviceIssue,
  PermissionState,
  PreflightReport,
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
  AudienceView,
  ContentCheck,
  Identity,
  JoinGrant,
  ReplayLink,
} from "./service/types.js";
export { isValidEmail, normalizeEmail } from "./session/email.js";
export type {
  ContentKind,
  Layout,
  LivePhase,
  ParticipantRole,
  ReplayStatus,
  Role,
  Stage,
} from "./session/model.js";
