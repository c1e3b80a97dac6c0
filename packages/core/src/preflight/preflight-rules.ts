// The preflight rules (SPEC §6, R-PRE-1..7): a browser's report becomes verdicts, an overall result
// and advice. Pure and browser-safe, so the page and the server run exactly the same rules.
import { isLiveError } from "../errors.js";
import { invalidInput, parseInput } from "../session/input.js";
import type { Advice } from "./advice.js";
import {
  allowDevicesIn,
  allowWhenAsked,
  checkComputerSettings,
  closeAppsUsingDevices,
  companyNetworkBlocksWebrtc,
  connectCamera,
  connectMicrophone,
  goodConnectionNeeded,
  noBlockingExtension,
  runConnectionTestAgain,
  type SupportedBrowser,
  stopHeavyStreams,
  testOnPublishedSite,
  updateBrowser,
  updatesCanBlockLive,
  useHttpsAddress,
  useSupportedBrowser,
  vpnRestrictions,
} from "./advice-catalog.js";
import {
  defaultMinBrowserVersions,
  defaultMinUploadMbps,
  type PreflightOptions,
  preflightOptionsSchema,
} from "./preflight-options.js";
import {
  type BrowserName,
  type PreflightReport,
  preflightReportSchema,
} from "./preflight-report.js";

export type PreflightVerdict = "pass" | "warn" | "fail";
export type PreflightOverall = "ready" | "degraded" | "blocked";
export type PreflightCheckId =
  | "secure-context"
  | "webrtc"
  | "browser"
  | "site"
  | "connectivity"
  | "camera"
  | "microphone"
  | "bandwidth";

export interface PreflightCheck {
  readonly id: PreflightCheckId;
  /** `fail` blocks entering, `warn` degrades. */
  readonly verdict: PreflightVerdict;
  /** Stable reason code, never empty; UIs branch on it, with the check id. */
  readonly reason: string;
  readonly advice: readonly Advice[];
}

export interface PreflightResult {
  readonly overall: PreflightOverall;
  readonly checks: readonly PreflightCheck[];
  /** Advice of every check, de-duplicated by code, most severe first. */
  readonly advice: readonly Advice[];
}

interface Settings {
  readonly minUploadMbps: number;
  readonly minBrowserVersions: Readonly<Record<SupportedBrowser, number>>;
  readonly audienceDelivery: "hls" | "subscribers";
}

/**
 * Evaluates a preflight report, typically received from an untrusted browser: it is validated
 * first, and anything invalid (report or options) throws a `LiveError` `INVALID_INPUT` with issues.
 */
export function evaluatePreflight(
  report: PreflightReport | unknown,
  options?: PreflightOptions,
): PreflightResult {
  const settings = resolveSettings(options);
  const facts = parseInput(preflightReportSchema, report);
  // Over HLS an attendee's player needs neither WebRTC nor UDP: checking them would block for nothing.
  const usesWebrtc = facts.role !== "attendee" || settings.audienceDelivery === "subscribers";

  const checks: PreflightCheck[] = [secureContextCheck(facts.page)];
  if (usesWebrtc) checks.push(webrtcCheck(facts.webrtc.supported));
  checks.push(browserCheck(facts.browser, settings.minBrowserVersions), siteCheck(facts.page.site));
  if (usesWebrtc) checks.push(connectivityCheck(facts.network));
  if (facts.role !== "attendee") {
    const help = permissionHelp(facts.browser.name);
    checks.push(
      deviceCheck("camera", facts.camera, "warn", help),
      // A moderator can run the show muted; a speaker who cannot be heard cannot speak.
      deviceCheck("microphone", facts.microphone, facts.role === "speaker" ? "fail" : "warn", help),
      bandwidthCheck(facts.network, settings.minUploadMbps),
    );
  }
  return { overall: overallOf(checks), checks, advice: adviceOf(checks) };
}

function resolveSettings(options: PreflightOptions | undefined): Settings {
  const { minUploadMbps, minBrowserVersions, audienceDelivery } = parseOptions(options);
  return {
    minUploadMbps: minUploadMbps ?? defaultMinUploadMbps,
    minBrowserVersions: {
      chrome: minBrowserVersions?.chrome ?? defaultMinBrowserVersions.chrome,
      firefox: minBrowserVersions?.firefox ?? defaultMinBrowserVersions.firefox,
      edge: minBrowserVersions?.edge ?? defaultMinBrowserVersions.edge,
      safari: minBrowserVersions?.safari ?? defaultMinBrowserVersions.safari,
    },
    audienceDelivery: audienceDelivery ?? "hls",
  };
}

function parseOptions(options: PreflightOptions | undefined) {
  try {
    return parseInput(preflightOptionsSchema, options ?? {});
  } catch (error) {
    // Options are the platform's configuration: their issues must not read as report fields.
    if (!isLiveError(error, "INVALID_INPUT")) throw error;
    throw invalidInput(
      error.issues.map((issue) => ({
        ...issue,
        path: issue.path ? `options.${issue.path}` : "options",
      })),
    );
  }
}

function check(
  id: PreflightCheckId,
  verdict: PreflightVerdict,
  reason: string,
  advice: readonly Advice[] = [],
): PreflightCheck {
  return { id, verdict, reason, advice };
}

// Browsers treat these hosts as trustworthy even over plain HTTP (local development).
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    hostname === "::1" ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname)
  );
}

/** R-PRE-7: capture APIs exist only in a secure context. */
function secureContextCheck(page: PreflightReport["page"]): PreflightCheck {
  if (page.protocol === "http:" && !isLoopbackHost(page.hostname)) {
    return check("secure-context", "fail", "insecure-http", [useHttpsAddress]);
  }
  // e.g. an HTTPS page framed by an HTTP one: the browser still withholds the camera.
  if (!page.secureContext)
    return check("secure-context", "fail", "insecure-context", [useHttpsAddress]);
  return check("secure-context", "pass", "secure");
}

/** R-PRE-1 */
function webrtcCheck(supported: boolean): PreflightCheck {
  return supported
    ? check("webrtc", "pass", "available")
    : check("webrtc", "fail", "unavailable", [useSupportedBrowser, companyNetworkBlocksWebrtc]);
}

/** R-PRE-4 */
function browserCheck(
  browser: PreflightReport["browser"],
  minimums: Settings["minBrowserVersions"],
): PreflightCheck {
  if (browser.name === "other") {
    return check("browser", "warn", "unsupported-browser", [useSupportedBrowser]);
  }
  if (browser.version === null) {
    return check("browser", "warn", "version-unknown", [updateBrowser, updatesCanBlockLive]);
  }
  if (browser.version < minimums[browser.name]) {
    return check("browser", "warn", "outdated", [updateBrowser, updatesCanBlockLive]);
  }
  return check("browser", "pass", "supported");
}

/** R-PRE-5: a rehearsal on the preview proves little about the day, but never stops anyone. */
function siteCheck(site: PreflightReport["page"]["site"]): PreflightCheck {
  return site === "preview"
    ? check("site", "warn", "preview", [testOnPublishedSite])
    : check("site", "pass", "published");
}

/** R-PRE-5: without UDP, media crawl through a TCP or TLS relay, typical of company networks. */
function connectivityCheck(network: PreflightReport["network"]): PreflightCheck {
  const networkAdvice = [companyNetworkBlocksWebrtc, vpnRestrictions];
  if (network.udp === "blocked") return check("connectivity", "warn", "udp-blocked", networkAdvice);
  if (network.relay === "tcp")
    return check("connectivity", "warn", "relayed-over-tcp", networkAdvice);
  if (network.relay === "tls")
    return check("connectivity", "warn", "relayed-over-tls", networkAdvice);
  if (network.udp === "unknown" && network.relay === "unknown") {
    return check("connectivity", "warn", "unmeasured", [runConnectionTestAgain]);
  }
  return check("connectivity", "pass", "reachable");
}

const helpOrder: readonly SupportedBrowser[] = ["chrome", "firefox", "edge", "safari"];

/** One help item per browser, the person's own browser first (R-PRE-2). */
function permissionHelp(name: BrowserName): readonly Advice[] {
  const ordered = name === "other" ? helpOrder : [name, ...helpOrder.filter((b) => b !== name)];
  return ordered.map((browser) => allowDevicesIn[browser]);
}

/** R-PRE-2: `problem` is the verdict when the device cannot be used at all. */
function deviceCheck(
  id: "camera" | "microphone",
  device: PreflightReport["camera"],
  problem: "warn" | "fail",
  help: readonly Advice[],
): PreflightCheck {
  if (device.permission === "denied") {
    return device.reason === "os-blocked"
      ? check(id, problem, "os-blocked", [checkComputerSettings, ...help, noBlockingExtension])
      : check(id, problem, "denied", [...help, checkComputerSettings, noBlockingExtension]);
  }
  if (device.reason === "no-device" || device.count === 0) {
    return check(id, problem, "no-device", [
      id === "camera" ? connectCamera : connectMicrophone,
      checkComputerSettings,
    ]);
  }
  if (device.reason === "in-use") return check(id, problem, "in-use", [closeAppsUsingDevices]);
  if (device.reason === "os-blocked") {
    return check(id, problem, "os-blocked", [checkComputerSettings, noBlockingExtension]);
  }
  // Not asked yet (or not queryable): the browser will ask on entry, which is fine if allowed.
  if (device.permission === "prompt") return check(id, "pass", "prompt", [allowWhenAsked]);
  if (device.permission === "unknown") return check(id, "pass", "unknown", [allowWhenAsked]);
  return check(id, "pass", "granted");
}

/** R-PRE-3: a test that could not run is a warning, never a pass. */
function bandwidthCheck(
  network: PreflightReport["network"],
  minUploadMbps: number,
): PreflightCheck {
  const connection = goodConnectionNeeded(minUploadMbps);
  if (network.uploadMbps === null) {
    return check("bandwidth", "warn", "unmeasured", [
      runConnectionTestAgain,
      connection,
      stopHeavyStreams,
    ]);
  }
  if (network.uploadMbps < minUploadMbps) {
    return check("bandwidth", "warn", "below-minimum", [connection, stopHeavyStreams]);
  }
  return check("bandwidth", "pass", "sufficient");
}

const severity: Readonly<Record<PreflightVerdict, number>> = { fail: 0, warn: 1, pass: 2 };

function overallOf(checks: readonly PreflightCheck[]): PreflightOverall {
  if (checks.some((c) => c.verdict === "fail")) return "blocked";
  if (checks.some((c) => c.verdict === "warn")) return "degraded";
  return "ready";
}

function adviceOf(checks: readonly PreflightCheck[]): Advice[] {
  const seen = new Set<string>();
  const advice: Advice[] = [];
  // Array.prototype.sort is stable: within a severity, checks keep their order.
  for (const c of [...checks].sort((a, b) => severity[a.verdict] - severity[b.verdict])) {
    for (const item of c.advice) {
      if (seen.has(item.code)) continue;
      seen.add(item.code);
      advice.push(item);
    }
  }
  return advice;
}
