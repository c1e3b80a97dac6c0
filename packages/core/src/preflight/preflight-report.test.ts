import { describe, expect, it } from "vitest";
import { type PreflightReport, preflightReportSchema } from "./preflight-report.js";

const report: PreflightReport = {
  role: "moderator",
  page: {
    secureContext: true,
    protocol: "https:",
    hostname: "event.example.com",
    site: "published",
  },
  webrtc: { supported: true },
  camera: { permission: "prompt", count: null },
  microphone: { permission: "granted", reason: "in-use", count: 2 },
  browser: { name: "firefox", version: 128 },
  network: { uploadMbps: null, unmeasuredReason: "timeout", udp: "unknown", relay: "unknown" },
};

const parse = (value: unknown) => preflightReportSchema.safeParse(value);

describe("preflightReportSchema", () => {
  it("accepts a complete report and normalizes protocol and host case", () => {
    const parsed = parse({
      ...report,
      page: { ...report.page, protocol: "HTTPS:", hostname: "Event.Example.COM" },
    });
    expect(parsed.success && parsed.data.page).toMatchObject({
      protocol: "https:",
      hostname: "event.example.com",
    });
  });

  it.each([
    ["an unknown role", { ...report, role: "admin" }],
    ["an unknown key", { ...report, debug: true }],
    ["an unknown nested key", { ...report, webrtc: { supported: true, datachannel: true } }],
    ["a missing group", { ...report, browser: undefined }],
    ["a negative device count", { ...report, camera: { permission: "granted", count: -1 } }],
    ["a fractional device count", { ...report, camera: { permission: "granted", count: 1.5 } }],
    ["an unknown permission state", { ...report, camera: { permission: "blocked", count: 1 } }],
    ["an infinite upload", { ...report, network: { ...report.network, uploadMbps: Infinity } }],
    [
      "a huge upload",
      { ...report, network: { ...report.network, uploadMbps: 1e9, unmeasuredReason: undefined } },
    ],
    ["a browser version as text", { ...report, browser: { name: "chrome", version: "120" } }],
    ["a hostname with a path", { ...report, page: { ...report.page, hostname: "a.com/x" } }],
    ["an overlong hostname", { ...report, page: { ...report.page, hostname: "a".repeat(254) } }],
    ["a protocol without its colon", { ...report, page: { ...report.page, protocol: "https" } }],
    [
      "an unmeasured upload without its reason",
      { ...report, network: { ...report.network, unmeasuredReason: undefined } },
    ],
  ])("refuses %s", (_label, value) => {
    expect(parse(value).success).toBe(false);
  });
});
