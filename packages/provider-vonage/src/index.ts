// @onair/vonage — onair's LiveProvider on the Vonage Video API (server only).
// Public exports are listed by name: nothing is public by accident.

export type {
  ScreenshareLayout,
  VonageProviderOptions,
  VonageResolution,
} from "./provider-options.js";
export {
  defaultTokenLifetimeSeconds,
  maxBroadcastDurationSeconds,
  maxSigningThreads,
  maxTokenLifetimeSeconds,
  screenshareLayouts,
  vonageProviderOptionsSchema,
  vonageResolutions,
} from "./provider-options.js";
export type { VonageProvider } from "./vonage-provider.js";
export {
  createVonageProvider,
  disconnectSignalType,
  maxConnectionDataLength,
} from "./vonage-provider.js";
export { webhookTolerance } from "./webhook-signature.js";
