// Turns the Vonage client SDK's errors (`{ name: "OT_…", code, message }`) into LiveError codes,
// so a UI branches on `code` and never on the SDK's names or messages.
import { type Advice, LiveError, type LiveErrorCode } from "@onair/core/browser";

/** What the SDK passes to callbacks and rejects with. */
export interface VonageSdkError {
  readonly name?: string;
  readonly code?: number;
  readonly message?: string;
}

const allowDevices: Advice = {
  code: "allow-camera-and-audio",
  text: {
    en: "Check that the camera and audio are allowed in the browser.",
    fr: "Vérifiez que la caméra et le micro sont autorisés dans le navigateur.",
  },
};

const checkDevices: Advice = {
  code: "check-devices",
  text: {
    en: "Close the other applications that use the camera or microphone, or choose another device.",
    fr: "Fermez les autres applications qui utilisent la caméra ou le micro, ou choisissez un autre appareil.",
  },
};

interface Mapping {
  readonly code: LiveErrorCode;
  readonly retriable: boolean;
  readonly advice?: readonly Advice[];
}

const byName: Readonly<Record<string, Mapping>> = {
  // The token or application id was refused: ask a fresh grant (R-PERM-5).
  OT_AUTHENTICATION_ERROR: { code: "UNAUTHORIZED", retriable: true },
  OT_INVALID_SESSION_ID: { code: "INVALID_INPUT", retriable: false },
  OT_API_KEY_DISABLED: { code: "PROVIDER_FAILED", retriable: false },
  OT_TERMS_OF_SERVICE_FAILURE: { code: "PROVIDER_FAILED", retriable: false },
  OT_CONNECTION_LIMIT_EXCEEDED: { code: "CONFLICT", retriable: false },
  OT_STREAM_LIMIT_EXCEEDED: { code: "STAGE_FULL", retriable: false },
  OT_RATE_LIMIT_EXCEEDED: { code: "RATE_LIMITED", retriable: true },
  // The browser or the person refused the devices.
  OT_USER_MEDIA_ACCESS_DENIED: { code: "FORBIDDEN", retriable: false, advice: [allowDevices] },
  OT_PERMISSION_DENIED: { code: "FORBIDDEN", retriable: false, advice: [allowDevices] },
  OT_REQUESTED_DEVICE_PERMISSION_DENIED: {
    code: "FORBIDDEN",
    retriable: false,
    advice: [allowDevices],
  },
  OT_HARDWARE_UNAVAILABLE: { code: "PROVIDER_FAILED", retriable: true, advice: [checkDevices] },
  OT_NO_DEVICES_FOUND: { code: "INVALID_INPUT", retriable: false, advice: [checkDevices] },
  OT_NO_VALID_CONSTRAINTS: { code: "INVALID_INPUT", retriable: false, advice: [checkDevices] },
  OT_CONSTRAINTS_NOT_SATISFIED: { code: "INVALID_INPUT", retriable: false, advice: [checkDevices] },
  OT_INVALID_VIDEO_SOURCE: { code: "INVALID_INPUT", retriable: false, advice: [checkDevices] },
  OT_INVALID_PARAMETER: { code: "INVALID_INPUT", retriable: false },
  OT_SCREEN_SHARING_NOT_SUPPORTED: { code: "UNSUPPORTED_CONTENT", retriable: false },
  OT_SCREEN_SHARING_EXTENSION_NOT_INSTALLED: { code: "UNSUPPORTED_CONTENT", retriable: false },
  // Network and provider side: worth another try.
  OT_CONNECT_FAILED: { code: "PROVIDER_FAILED", retriable: true },
  OT_NOT_CONNECTED: { code: "PROVIDER_FAILED", retriable: true },
  OT_TIMEOUT: { code: "PROVIDER_FAILED", retriable: true },
  OT_CREATE_PEER_CONNECTION_FAILED: { code: "PROVIDER_FAILED", retriable: true },
  OT_ICE_WORKFLOW_FAILED: { code: "PROVIDER_FAILED", retriable: true },
  OT_SET_REMOTE_DESCRIPTION_FAILED: { code: "PROVIDER_FAILED", retriable: true },
  OT_STREAM_CREATE_FAILED: { code: "PROVIDER_FAILED", retriable: true },
  OT_STREAM_NOT_FOUND: { code: "PROVIDER_FAILED", retriable: false },
  OT_STREAM_DESTROYED: { code: "PROVIDER_FAILED", retriable: false },
};

/** Numeric codes the SDK documents, for errors whose `name` is missing or generic. */
const byNumber: Readonly<Record<number, string>> = {
  1004: "OT_AUTHENTICATION_ERROR",
  1005: "OT_INVALID_SESSION_ID",
  1006: "OT_CONNECT_FAILED",
  1010: "OT_NOT_CONNECTED",
  1500: "OT_STREAM_CREATE_FAILED",
  1553: "OT_ICE_WORKFLOW_FAILED",
};

const prefix: Readonly<Record<string, string>> = {
  connect: "Could not connect to the video room",
  publish: "Could not publish",
  subscribe: "Could not show the stream",
  devices: "Could not use the camera or microphone",
};

/**
 * Maps an SDK error to a LiveError. The SDK's name and numeric code are kept in the message (they
 * are what its documentation and support speak of); the cause keeps the original object.
 */
export function liveErrorFromVonage(
  error: unknown,
  during: "connect" | "publish" | "subscribe" | "devices",
): LiveError {
  if (error instanceof LiveError) return error;
  const sdk = (typeof error === "object" && error !== null ? error : {}) as VonageSdkError;
  const name =
    typeof sdk.name === "string" && sdk.name.startsWith("OT_")
      ? sdk.name
      : typeof sdk.code === "number"
        ? byNumber[sdk.code]
        : undefined;
  const mapping: Mapping = (name === undefined ? undefined : byName[name]) ?? {
    code: "PROVIDER_FAILED",
    retriable: true,
  };
  const detail = [name, typeof sdk.code === "number" ? String(sdk.code) : undefined]
    .filter((part) => part !== undefined)
    .join(" ");
  return new LiveError(mapping.code, `${prefix[during]}${detail === "" ? "" : ` (${detail})`}.`, {
    retriable: mapping.retriable,
    cause: error,
    ...(mapping.advice === undefined ? {} : { advice: mapping.advice }),
  });
}
