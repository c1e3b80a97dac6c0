// @onair/testing/vonage-msw — the Vonage Video REST API emulated for msw (Node only; msw is a
// peer dependency used by this entry alone). Public exports are listed by name.

export type { ClientRole, ClientTokenClaims } from "./client-tokens.js";
export { ClientTokenError } from "./client-tokens.js";
export type {
  ArchiveStatus,
  EmulatedArchive,
  EmulatedBroadcast,
  EmulatedConnection,
  EmulatedLayout,
  EmulatedOutputStream,
  EmulatedRtmpTarget,
  EmulatedSession,
  EmulatedSignal,
  EmulatedStream,
  EmulatedVideoType,
  VonageCallback,
} from "./emulated-world.js";
export type { InjectedFault, VonageOperation } from "./fault-plan.js";
export type { RecordedRequest } from "./rest-handlers.js";
export type { CallbackSigningOptions, SignedCallback } from "./signed-callbacks.js";
export type { VonageTestCredentials, VonageTestCredentialsOptions } from "./test-credentials.js";
export { createVonageTestCredentials } from "./test-credentials.js";
export { archiveLinkLifetimeSeconds } from "./vonage-json.js";
export type { VonageMsw, VonageMswOptions, VonageMswState } from "./vonage-msw.js";
export { createVonageMsw, defaultVideoHost } from "./vonage-msw.js";
