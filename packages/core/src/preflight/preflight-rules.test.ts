import { describe, expect, it } from "vitest";
import { isLiveError, type LiveError } from "../errors.js";
import { localizeAdvice } from "./advice.js";
import type { PreflightOptions } from "./preflight-options.js";
import type { PreflightReport } from "./preflight-report.js";
import {
  evaluatePreflight,
  type PreflightCheckId,
  type PreflightResult,
} from "./preflight-rules.js";

// A speaker on a healthy, up-to-date setup: every check passes.
const healthy: PreflightReport = {
  role: "speaker",
  page: {
    secureContext: true,
    protocol: "https:",
    hostname: "event.example.com",
    site: "published",
  },
  webrtc: { supported: true },
  camera: { permission: "granted", count: 1 },
  microphone: { permission: "granted", count: 1 },
  browser: { name: "chrome", version: 140 },
  network: { uploadMbps: 20, udp: "ok", relay: "none" },
};

type Patch = { role?: PreflightReport["role"] } & {
  [K in Exclude<keyof PreflightReport, "role">]?: Partial<PreflightReport[K]>;
};

function aReport(patch: Patch = {}): PreflightReport {
  return {
    role: patch.role ?? healthy.role,
    page: { ...healthy.page, ...patch.page },
    webrtc: { ...healthy.webrtc, ...patch.webrtc },
    camera: { ...healthy.camera, ...patch.camera },
    microphone: { ...healthy.microphone, ...patch.microphone },
    browser: { ...healthy.browser, ...patch.browser },
    network: { ...healthy.network, ...patch.network },
  };
}

function checkOf(result: PreflightResult, id: PreflightCheckId) {
  const found = result.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${result.checks.map((c) => c.id).join(", ")}`);
  return found;
}

const codes = (advice: readonly { code: string }[]) => advice.map((a) => a.code);

function thrown(run: () => unknown): LiveError {
  try {
    run();
  } catch (error) {
    if (isLiveError(error)) return error;
    throw error;
  }
  throw new Error("expected a LiveError");
}

describe("evaluatePreflight", () => {
  it("passes every check of a healthy speaker setup", () => {
    const result = evaluatePreflight(healthy);
    expect(result.overall).toBe("ready");
    expect(result.checks.map((c) => [c.id, c.verdict])).toEqual([
      ["secure-context", "pass"],
      ["webrtc", "pass"],
      ["browser", "pass"],
      ["site", "pass"],
      ["connectivity", "pass"],
      ["camera", "pass"],
      ["microphone", "pass"],
      ["bandwidth", "pass"],
    ]);
    expect(result.advice).toEqual([]);
  });

  describe("R-PRE-1: WebRTC", () => {
    it.each(["moderator", "speaker"] as const)("R-PRE-1: blocks a %s without WebRTC", (role) => {
      const result = evaluatePreflight(aReport({ role, webrtc: { supported: false } }));
      expect(checkOf(result, "webrtc")).toMatchObject({ verdict: "fail", reason: "unavailable" });
      expect(result.overall).toBe("blocked");
      expect(codes(checkOf(result, "webrtc").advice)).toEqual([
        "use-supported-browser",
        "company-network-blocks-webrtc",
      ]);
    });

    it("R-PRE-1: blocks an attendee who watches as a subscriber, not one who watches over HLS", () => {
      const report = aReport({ role: "attendee", webrtc: { supported: false } });
      const subscriber = evaluatePreflight(report, { audienceDelivery: "subscribers" });
      expect(checkOf(subscriber, "webrtc").verdict).toBe("fail");
      expect(subscriber.overall).toBe("blocked");

      const hls = evaluatePreflight(report);
      expect(hls.checks.some((c) => c.id === "webrtc" || c.id === "connectivity")).toBe(false);
      expect(hls.overall).toBe("ready");
    });
  });

  describe("R-PRE-2: camera and microphone", () => {
    it.each([
      // role, device, state, verdict, reason
      ["speaker", "camera", { permission: "denied" }, "warn", "denied"],
      ["moderator", "camera", { permission: "denied" }, "warn", "denied"],
      ["speaker", "microphone", { permission: "denied" }, "fail", "denied"],
      ["moderator", "microphone", { permission: "denied" }, "warn", "denied"],
      [
        "speaker",
        "microphone",
        { permission: "denied", reason: "os-blocked" },
        "fail",
        "os-blocked",
      ],
      [
        "speaker",
        "microphone",
        { permission: "granted", reason: "os-blocked" },
        "fail",
        "os-blocked",
      ],
      ["speaker", "microphone", { permission: "granted", count: 0 }, "fail", "no-device"],
      ["speaker", "camera", { permission: "prompt", reason: "no-device" }, "warn", "no-device"],
      ["moderator", "microphone", { permission: "granted", reason: "in-use" }, "warn", "in-use"],
      ["speaker", "camera", { permission: "granted", reason: "in-use" }, "warn", "in-use"],
      ["speaker", "microphone", { permission: "prompt", count: null }, "pass", "prompt"],
      ["speaker", "camera", { permission: "unknown" }, "pass", "unknown"],
      ["moderator", "microphone", { permission: "granted", count: 3 }, "pass", "granted"],
    ] as const)("R-PRE-2: %s, %s %o → %s (%s)", (role, device, state, verdict, reason) => {
      const result = evaluatePreflight(aReport({ role, [device]: state }));
      expect(checkOf(result, device)).toMatchObject({ verdict, reason });
      const expectedOverall = { fail: "blocked", warn: "degraded", pass: "ready" }[verdict];
      expect(result.overall).toBe(expectedOverall);
    });

    it("R-PRE-2: a denied permission gets per-browser help (own browser first), OS settings, extensions", () => {
      const result = evaluatePreflight(
        aReport({ browser: { name: "safari", version: 18 }, microphone: { permission: "denied" } }),
      );
      expect(codes(checkOf(result, "microphone").advice)).toEqual([
        "allow-devices-in-safari",
        "allow-devices-in-chrome",
        "allow-devices-in-firefox",
        "allow-devices-in-edge",
        "check-computer-settings",
        "no-blocking-extension",
      ]);
      for (const browser of ["Safari", "Chrome", "Firefox", "Edge"]) {
        const help = checkOf(result, "microphone").advice.find((a) =>
          a.text.en.startsWith(browser),
        );
        expect(help?.text.fr.startsWith(browser)).toBe(true);
      }
    });

    it("R-PRE-2: the report's browser help comes first with a link to that browser's own help page", () => {
      const report = aReport({
        browser: { name: "firefox", version: 140 },
        camera: { permission: "denied" },
      });
      const result = evaluatePreflight(report);
      const [first] = checkOf(result, "camera").advice;
      expect(first?.code).toBe("allow-devices-in-firefox");
      expect(first?.helpUrl).toBe(
        "https://support.mozilla.org/kb/how-manage-your-camera-and-microphone-permissions",
      );
      // The links survive into the overall advice and its localized form.
      const localized = localizeAdvice(result.advice, "fr", report.browser.name);
      expect(localized[0]).toEqual({
        code: "allow-devices-in-firefox",
        message: first?.text.fr,
        helpUrl: first?.helpUrl,
      });
      const hosts = localized.flatMap((item) =>
        item.helpUrl ? [new URL(item.helpUrl).hostname] : [],
      );
      expect(hosts).toEqual([
        "support.mozilla.org",
        "support.google.com",
        "support.microsoft.com",
        "support.apple.com",
      ]);
    });

    it("R-PRE-2: an unknown browser gets the help of every supported browser", () => {
      const result = evaluatePreflight(
        aReport({ browser: { name: "other", version: 3 }, camera: { permission: "denied" } }),
      );
      expect(codes(checkOf(result, "camera").advice).slice(0, 4)).toEqual([
        "allow-devices-in-chrome",
        "allow-devices-in-firefox",
        "allow-devices-in-edge",
        "allow-devices-in-safari",
      ]);
    });

    it("R-PRE-2: a system-level block points at the computer's settings first", () => {
      const result = evaluatePreflight(
        aReport({ camera: { permission: "denied", reason: "os-blocked" } }),
      );
      expect(codes(checkOf(result, "camera").advice)[0]).toBe("check-computer-settings");
    });

    it("R-PRE-2: attendees skip the camera, microphone and bandwidth checks", () => {
      const result = evaluatePreflight(
        aReport({
          role: "attendee",
          camera: { permission: "denied" },
          microphone: { permission: "denied", count: 0 },
          network: { uploadMbps: null, unmeasuredReason: "timeout" },
        }),
        { audienceDelivery: "subscribers" },
      );
      expect(result.checks.map((c) => c.id)).toEqual([
        "secure-context",
        "webrtc",
        "browser",
        "site",
        "connectivity",
      ]);
      expect(result.overall).toBe("ready");
    });
  });

  describe("R-PRE-3: bandwidth", () => {
    it.each([
      [undefined, 4.99, "warn", "below-minimum"],
      [undefined, 0, "warn", "below-minimum"],
      [undefined, 5, "pass", "sufficient"],
      [undefined, 100, "pass", "sufficient"],
      [10, 8, "warn", "below-minimum"],
      [10, 10, "pass", "sufficient"],
      [2.5, 3, "pass", "sufficient"],
    ] as const)(
      "R-PRE-3: minimum %s Mbps, upload %s Mbps → %s (%s)",
      (min, upload, verdict, reason) => {
        const options: PreflightOptions = min === undefined ? {} : { minUploadMbps: min };
        const result = evaluatePreflight(aReport({ network: { uploadMbps: upload } }), options);
        expect(checkOf(result, "bandwidth")).toMatchObject({ verdict, reason });
      },
    );

    it("R-PRE-3: low bandwidth advice names the threshold and asks to stop other heavy streams", () => {
      const result = evaluatePreflight(aReport({ network: { uploadMbps: 2 } }), {
        minUploadMbps: 2.5,
      });
      const advice = checkOf(result, "bandwidth").advice;
      expect(codes(advice)).toEqual(["good-connection-needed", "stop-heavy-streams"]);
      expect(advice[0]?.text.en).toContain("2.5 Mbps");
      expect(advice[0]?.text.fr).toContain("2,5 Mbit/s");
      expect(advice[0]?.text.en).toMatch(/fluctuate/);
      expect(result.overall).toBe("degraded");
    });

    it.each(["not-run", "timeout", "blocked", "error", "unsupported"] as const)(
      "R-PRE-3: an unmeasured upload (%s) warns 'unmeasured', never passes",
      (unmeasuredReason) => {
        const result = evaluatePreflight(
          aReport({ network: { uploadMbps: null, unmeasuredReason } }),
        );
        expect(checkOf(result, "bandwidth")).toMatchObject({
          verdict: "warn",
          reason: "unmeasured",
        });
        expect(codes(checkOf(result, "bandwidth").advice)).toContain("run-connection-test-again");
        expect(result.overall).toBe("degraded");
      },
    );
  });

  describe("R-PRE-4: browser version", () => {
    it.each([
      ["chrome", 119, undefined, "warn", "outdated"],
      ["chrome", 120, undefined, "pass", "supported"],
      ["edge", 100, undefined, "warn", "outdated"],
      ["firefox", 115, undefined, "pass", "supported"],
      ["safari", 15, undefined, "warn", "outdated"],
      ["safari", 17, undefined, "pass", "supported"],
      ["chrome", 125, { chrome: 130 }, "warn", "outdated"],
      ["firefox", 116, { chrome: 130 }, "pass", "supported"],
      ["safari", 15, { safari: 14 }, "pass", "supported"],
      ["chrome", null, undefined, "warn", "version-unknown"],
      ["other", 200, undefined, "warn", "unsupported-browser"],
    ] as const)(
      "R-PRE-4: %s %s (minimums %o) → %s (%s)",
      (name, version, mins, verdict, reason) => {
        const options: PreflightOptions = mins === undefined ? {} : { minBrowserVersions: mins };
        const result = evaluatePreflight(aReport({ browser: { name, version } }), options);
        expect(checkOf(result, "browser")).toMatchObject({ verdict, reason });
        expect(result.overall).toBe(verdict === "pass" ? "ready" : "degraded");
      },
    );

    it("R-PRE-4: an outdated browser is told to update, and that updates can also break the live", () => {
      const result = evaluatePreflight(aReport({ browser: { name: "firefox", version: 90 } }));
      expect(codes(checkOf(result, "browser").advice)).toEqual([
        "update-browser",
        "updates-can-block-live",
      ]);
    });
  });

  describe("R-PRE-5: context and network", () => {
    it("R-PRE-5: the preview warns with the published-site advice and never blocks", () => {
      const result = evaluatePreflight(aReport({ page: { site: "preview" } }));
      expect(checkOf(result, "site")).toMatchObject({ verdict: "warn", reason: "preview" });
      expect(codes(result.advice)).toEqual(["test-on-published-site"]);
      expect(result.overall).toBe("degraded");
    });

    it.each([
      ["blocked", "none", "warn", "udp-blocked"],
      ["blocked", "tcp", "warn", "udp-blocked"],
      ["unknown", "tcp", "warn", "relayed-over-tcp"],
      ["ok", "tls", "warn", "relayed-over-tls"],
      ["unknown", "unknown", "warn", "unmeasured"],
      ["ok", "udp", "pass", "reachable"],
      ["unknown", "none", "pass", "reachable"],
      ["ok", "unknown", "pass", "reachable"],
    ] as const)("R-PRE-5: UDP %s, relay %s → %s (%s)", (udp, relay, verdict, reason) => {
      const result = evaluatePreflight(aReport({ network: { udp, relay } }));
      expect(checkOf(result, "connectivity")).toMatchObject({ verdict, reason });
      expect(result.overall).not.toBe("blocked");
    });

    it("R-PRE-5: a blocked UDP or a TCP-only relay gets the company-network and VPN advice", () => {
      for (const network of [{ udp: "blocked" }, { relay: "tls" }] as const) {
        const result = evaluatePreflight(aReport({ network }));
        expect(codes(checkOf(result, "connectivity").advice)).toEqual([
          "company-network-blocks-webrtc",
          "vpn-restrictions",
        ]);
      }
    });
  });

  describe("R-PRE-7: secure context", () => {
    it.each([
      ["http:", "event.example.com", false, "fail", "insecure-http"],
      ["http:", "192.168.1.10", false, "fail", "insecure-http"],
      ["http:", "localhost.example.com", false, "fail", "insecure-http"],
      // A browser flag can mark an HTTP origin secure; the page is still not the event's HTTPS site.
      ["http:", "event.example.com", true, "fail", "insecure-http"],
      ["https:", "event.example.com", false, "fail", "insecure-context"],
      ["http:", "localhost", true, "pass", "secure"],
      ["http:", "demo.localhost", true, "pass", "secure"],
      ["http:", "127.0.0.1", true, "pass", "secure"],
      ["http:", "[::1]", true, "pass", "secure"],
      ["https:", "event.example.com", true, "pass", "secure"],
    ] as const)(
      "R-PRE-7: %s//%s (secure context %s) → %s (%s)",
      (protocol, hostname, secure, verdict, reason) => {
        const result = evaluatePreflight(
          aReport({ page: { protocol, hostname, secureContext: secure } }),
        );
        expect(checkOf(result, "secure-context")).toMatchObject({ verdict, reason });
        if (verdict === "fail") {
          expect(result.overall).toBe("blocked");
          expect(codes(result.advice)[0]).toBe("use-https-address");
        }
      },
    );

    it("R-PRE-7: applies to attendees too, and a failed check always carries a reason code", () => {
      const result = evaluatePreflight(
        aReport({ role: "attendee", page: { protocol: "HTTP:", hostname: "Event.Example.com" } }),
      );
      const failed = result.checks.filter((c) => c.verdict === "fail");
      expect(failed.map((c) => c.reason)).toEqual(["insecure-http"]);
      expect(result.overall).toBe("blocked");
    });
  });

  describe("overall result and advice", () => {
    it("blocked wins over degraded, advice is de-duplicated and the most severe comes first", () => {
      const result = evaluatePreflight(
        aReport({
          page: { site: "preview" },
          webrtc: { supported: false },
          network: { udp: "blocked" },
        }),
      );
      expect(result.overall).toBe("blocked");
      expect(codes(result.advice)).toEqual([
        // from the failed WebRTC check
        "use-supported-browser",
        "company-network-blocks-webrtc",
        // then the warnings, in check order, without the repeated company-network item
        "test-on-published-site",
        "vpn-restrictions",
      ]);
    });

    it("keeps the tips of passing checks after every warning", () => {
      const result = evaluatePreflight(
        aReport({ camera: { permission: "prompt" }, browser: { name: "edge", version: 100 } }),
      );
      expect(result.overall).toBe("degraded");
      expect(codes(result.advice)).toEqual([
        "update-browser",
        "updates-can-block-live",
        "allow-when-asked",
      ]);
    });
  });

  describe("input validation", () => {
    it("refuses an invalid report with INVALID_INPUT and field-level issues", () => {
      const error = thrown(() =>
        evaluatePreflight({
          ...healthy,
          network: { ...healthy.network, uploadMbps: -1 },
          extra: 1,
        }),
      );
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.issues).toEqual(
        expect.arrayContaining([
          { path: "network.uploadMbps", message: "Must be at least 0." },
          { path: "extra", message: "Unknown field." },
        ]),
      );
    });

    it("refuses fractional, negative and oversized counts and versions, naming each field", () => {
      const error = thrown(() =>
        evaluatePreflight(
          aReport({
            camera: { permission: "granted", count: 1.5 },
            microphone: { permission: "granted", count: 65 },
            browser: { name: "chrome", version: -2.5 },
          }),
        ),
      );
      expect(error.issues).toEqual(
        expect.arrayContaining([
          { path: "camera.count", message: "Expected int." },
          { path: "microphone.count", message: "Must be at most 64." },
          { path: "browser.version", message: "Expected int." },
        ]),
      );
      const options = thrown(() =>
        evaluatePreflight(healthy, { minBrowserVersions: { safari: 16.4 } }),
      );
      expect(options.issues).toEqual([
        { path: "options.minBrowserVersions.safari", message: "Expected int." },
      ]);
    });

    it("requires a reason exactly when the upload was not measured", () => {
      const missing = thrown(() => evaluatePreflight(aReport({ network: { uploadMbps: null } })));
      expect(missing.issues.map((i) => i.path)).toEqual(["network.unmeasuredReason"]);
      const spurious = thrown(() =>
        evaluatePreflight(aReport({ network: { uploadMbps: 8, unmeasuredReason: "timeout" } })),
      );
      expect(spurious.code).toBe("INVALID_INPUT");
    });

    it.each([null, undefined, "ready", 42, [], {}])("refuses %o as a report", (value) => {
      expect(thrown(() => evaluatePreflight(value)).code).toBe("INVALID_INPUT");
    });

    it("refuses a report whose fields cannot even be read", () => {
      const hostile = {
        ...healthy,
        get page(): never {
          throw new Error("boom");
        },
      };
      const error = thrown(() => evaluatePreflight(hostile));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.issues).toEqual([{ path: "", message: "The input could not be read." }]);
      const proxy = new Proxy(healthy, {
        ownKeys() {
          throw new Error("boom");
        },
      });
      expect(thrown(() => evaluatePreflight(proxy)).code).toBe("INVALID_INPUT");
    });

    it("names each unknown field and bounds how many issues come back", () => {
      const flooded = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`, i]));
      const error = thrown(() => evaluatePreflight({ ...healthy, ...flooded }));
      expect(error.issues).toHaveLength(20);
      expect(error.issues[0]).toEqual({ path: "x0", message: "Unknown field." });
    });

    it.each([
      [{ minUploadMbps: 0 }, "options.minUploadMbps"],
      [{ minUploadMbps: Number.NaN }, "options.minUploadMbps"],
      [{ minBrowserVersions: { chrome: 1.5 } }, "options.minBrowserVersions.chrome"],
      [{ minBrowserVersions: { opera: 90 } }, "options.minBrowserVersions.opera"],
      [{ audienceDelivery: "webrtc" }, "options.audienceDelivery"],
    ])("refuses invalid options %o", (options, path) => {
      const error = thrown(() => evaluatePreflight(healthy, options as PreflightOptions));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.issues.map((i) => i.path)).toContain(path);
    });
  });
});
