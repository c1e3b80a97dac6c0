// Gathers the facts of a preflight (SPEC §6) from the browser: the page, WebRTC, the camera and
// microphone (permission, the outcome of getUserMedia, the devices), the browser, the upload.
// Verdicts are not judged here: the core's evaluatePreflight gives them (the server's POST
// /preflight runs the same function with the host's thresholds).
import type { DeviceIssue, PermissionState, PreflightReport } from "@onair/core";
import { evaluatePreflight } from "@onair/core/browser";
import type {
  DeviceList,
  GatheredPreflight,
  GatherPreflightOptions,
  MediaDeviceSummary,
  PreflightFailure,
} from "../types.js";
import { browserIdentity } from "./browser-name.js";
import { probeConnectivity } from "./connectivity-probe.js";

type DeviceKind = "camera" | "microphone";

interface DeviceFacts {
  permission: PermissionState;
  reason?: DeviceIssue;
  count: number | null;
}

type Navigatorish = Partial<Navigator> & {
  readonly userAgentData?: { readonly brands?: readonly { brand: string; version: string }[] };
};

const defaultUploadTimeoutMs = 5_000;

async function queryPermission(
  nav: Navigatorish,
  kind: DeviceKind,
  failures: PreflightFailure[],
): Promise<PermissionState> {
  if (nav.permissions?.query === undefined) return "unknown";
  try {
    const status = await nav.permissions.query({ name: kind as PermissionName });
    return status.state === "granted" || status.state === "denied" || status.state === "prompt"
      ? status.state
      : "unknown";
  } catch {
    // Firefox and older Safari do not know the "camera" and "microphone" permission names.
    failures.push({
      code: `${kind}-permission-unqueryable`,
      message: `The browser does not report the ${kind} permission.`,
    });
    return "unknown";
  }
}

/** What a getUserMedia failure says about the device, by the error's standard name. */
function classify(error: unknown): {
  permission?: PermissionState;
  reason?: DeviceIssue;
  code: string;
} {
  const name = (error as { name?: unknown } | null)?.name;
  const message = String((error as { message?: unknown } | null)?.message ?? "");
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
    case "SecurityError":
      // Chromium says "Permission denied by system" when the operating system blocks the device.
      return /system/i.test(message)
        ? { permission: "denied", reason: "os-blocked", code: "os-blocked" }
        : { permission: "denied", code: "denied" };
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return { reason: "no-device", code: "no-device" };
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return { reason: "in-use", code: "in-use" };
    default:
      return { code: "failed" };
  }
}

async function tryDevice(
  nav: Navigatorish,
  kind: DeviceKind,
  deviceId: string | undefined,
  facts: DeviceFacts,
  failures: PreflightFailure[],
): Promise<void> {
  const constraint: MediaTrackConstraints | boolean =
    deviceId === undefined ? true : { deviceId: { exact: deviceId } };
  try {
    const stream = await nav.mediaDevices!.getUserMedia(
      kind === "camera" ? { video: constraint } : { audio: constraint },
    );
    // The preflight only asks; the control room publishes later with the chosen devices.
    for (const track of stream.getTracks()) track.stop();
    facts.permission = "granted";
  } catch (error) {
    const outcome = classify(error);
    if (outcome.permission !== undefined) facts.permission = outcome.permission;
    if (outcome.reason !== undefined) facts.reason = outcome.reason;
    const name = (error as { name?: unknown } | null)?.name;
    failures.push({
      code: `${kind}-${outcome.code}`,
      message: `${kind === "camera" ? "Camera" : "Microphone"}: ${typeof name === "string" ? name : "error"}.`,
    });
  }
}

async function listDevices(
  nav: Navigatorish,
  failures: PreflightFailure[],
): Promise<MediaDeviceInfo[] | null> {
  if (nav.mediaDevices?.enumerateDevices === undefined) return null;
  try {
    return await nav.mediaDevices.enumerateDevices();
  } catch {
    failures.push({ code: "devices-unlisted", message: "The browser would not list devices." });
    return null;
  }
}

function summaries(
  devices: readonly MediaDeviceInfo[],
  kind: MediaDeviceKind,
): MediaDeviceSummary[] {
  return devices
    .filter((device) => device.kind === kind && device.deviceId !== "")
    .map((device) => ({ deviceId: device.deviceId, label: device.label }));
}

// Before the permission some browsers list one anonymous entry per kind, others nothing at all.
function countOf(
  devices: readonly MediaDeviceInfo[] | null,
  kind: MediaDeviceKind,
  facts: DeviceFacts,
): number | null {
  if (devices === null) return null;
  const count = devices.filter((device) => device.kind === kind).length;
  // Once allowed, or once getUserMedia found none, the list is the truth.
  if (facts.permission === "granted" || facts.reason === "no-device") return Math.min(count, 64);
  return count > 0 ? Math.min(count, 64) : null;
}

export async function gatherPreflightReport(
  options: GatherPreflightOptions,
): Promise<GatheredPreflight> {
  const failures: PreflightFailure[] = [];
  const nav = (globalThis.navigator ?? {}) as Navigatorish;
  const location = globalThis.location as Location | undefined;
  const secureContext = globalThis.isSecureContext === true;
  const webrtc = typeof globalThis.RTCPeerConnection === "function";
  if (!webrtc) failures.push({ code: "webrtc-unavailable", message: "No RTCPeerConnection." });

  const camera: DeviceFacts = {
    permission: await queryPermission(nav, "camera", failures),
    count: null,
  };
  const microphone: DeviceFacts = {
    permission: await queryPermission(nav, "microphone", failures),
    count: null,
  };

  // Attendees are never asked for their devices (their preflight has no device checks).
  const asksDevices = options.role !== "attendee";
  if (asksDevices) {
    if (nav.mediaDevices?.getUserMedia === undefined) {
      failures.push({
        code: secureContext ? "media-unsupported" : "media-insecure-context",
        message: "navigator.mediaDevices.getUserMedia is not available.",
      });
    } else {
      await tryDevice(nav, "camera", options.devices?.videoDeviceId, camera, failures);
      await tryDevice(nav, "microphone", options.devices?.audioDeviceId, microphone, failures);
    }
  }

  const listed = await listDevices(nav, failures);
  camera.count = countOf(listed, "videoinput", camera);
  microphone.count = countOf(listed, "audioinput", microphone);
  if (camera.count === 0 && camera.reason === undefined) camera.reason = "no-device";
  if (microphone.count === 0 && microphone.reason === undefined) microphone.reason = "no-device";
  const devices: DeviceList = {
    cameras: listed === null ? [] : summaries(listed, "videoinput"),
    microphones: listed === null ? [] : summaries(listed, "audioinput"),
  };

  // Attendees watching over HLS need neither; the host passes servers only when it matters.
  const [upload, hints] = await Promise.all([
    measureUpload(options, asksDevices, failures),
    probeConnectivity(options.connectivity, failures),
  ]);
  const network: PreflightReport["network"] = { ...upload, ...hints };

  const report: PreflightReport = {
    role: options.role,
    page: {
      secureContext,
      protocol: (location?.protocol ?? "about:").toLowerCase(),
      hostname: (location?.hostname ?? "").toLowerCase(),
      site: options.context,
    },
    webrtc: { supported: webrtc },
    camera: deviceReport(camera),
    microphone: deviceReport(microphone),
    browser: browserIdentity(nav),
    network,
  };
  return { report, result: evaluatePreflight(report, options.preflightOptions), devices, failures };
}

function deviceReport(facts: DeviceFacts): PreflightReport["camera"] {
  return facts.reason === undefined
    ? { permission: facts.permission, count: facts.count }
    : { permission: facts.permission, reason: facts.reason, count: facts.count };
}

async function measureUpload(
  options: GatherPreflightOptions,
  measures: boolean,
  failures: PreflightFailure[],
): Promise<Pick<PreflightReport["network"], "uploadMbps" | "unmeasuredReason">> {
  if (!measures || options.client === undefined) {
    return { uploadMbps: null, unmeasuredReason: "not-run" };
  }
  const started = Date.now();
  const mbps = await options.client
    .measureUpload({ timeoutMs: defaultUploadTimeoutMs })
    .catch(() => null);
  if (mbps !== null) return { uploadMbps: mbps };
  const timedOut = Date.now() - started >= defaultUploadTimeoutMs;
  failures.push({
    code: timedOut ? "upload-timeout" : "upload-failed",
    message: timedOut
      ? "The upload test did not finish in time."
      : "The upload test could not run.",
  });
  return { uploadMbps: null, unmeasuredReason: timedOut ? "timeout" : "error" };
}
