// Properties of the preflight rules over thousands of random reports, valid and invalid.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLiveError } from "../errors.js";
import type { PreflightReport } from "./preflight-report.js";
import { preflightReportSchema } from "./preflight-report.js";
import { evaluatePreflight, type PreflightCheckId } from "./preflight-rules.js";

const device = fc.record(
  {
    permission: fc.constantFrom("granted", "denied", "prompt", "unknown"),
    reason: fc.constantFrom("no-device", "in-use", "os-blocked"),
    count: fc.option(fc.integer({ min: 0, max: 64 }), { nil: null }),
  },
  { requiredKeys: ["permission", "count"] },
);

const network = fc.oneof(
  fc.record({
    uploadMbps: fc.double({ min: 0, max: 100_000, noNaN: true }),
    udp: fc.constantFrom("ok", "blocked", "unknown"),
    relay: fc.constantFrom("none", "udp", "tcp", "tls", "unknown"),
  }),
  fc.record({
    uploadMbps: fc.constant(null),
    unmeasuredReason: fc.constantFrom("not-run", "timeout", "blocked", "error", "unsupported"),
    udp: fc.constantFrom("ok", "blocked", "unknown"),
    relay: fc.constantFrom("none", "udp", "tcp", "tls", "unknown"),
  }),
);

const validReport: fc.Arbitrary<PreflightReport> = fc.record({
  role: fc.constantFrom("moderator", "speaker", "attendee"),
  page: fc.record({
    secureContext: fc.boolean(),
    protocol: fc.constantFrom("https:", "http:", "file:"),
    hostname: fc.oneof(
      fc.constantFrom("localhost", "127.0.0.1", "[::1]", "event.example.com", "demo.localhost"),
      fc.domain(),
    ),
    site: fc.constantFrom("published", "preview"),
  }),
  webrtc: fc.record({ supported: fc.boolean() }),
  camera: device,
  microphone: device,
  browser: fc.record({
    name: fc.constantFrom("chrome", "firefox", "edge", "safari", "other"),
    version: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
  }),
  network,
});

const options = fc.record(
  {
    minUploadMbps: fc.double({ min: 0.1, max: 1_000, noNaN: true }),
    minBrowserVersions: fc.record(
      {
        chrome: fc.integer({ min: 0, max: 200 }),
        firefox: fc.integer({ min: 0, max: 200 }),
        edge: fc.integer({ min: 0, max: 200 }),
        safari: fc.integer({ min: 0, max: 30 }),
      },
      { requiredKeys: [] },
    ),
    audienceDelivery: fc.constantFrom("hls", "subscribers"),
  },
  { requiredKeys: [] },
);

const deviceChecks: readonly PreflightCheckId[] = ["camera", "microphone", "bandwidth"];
const runs = { numRuns: 5_000 };

// 5,000 runs take about 4 s alone; on a busy machine more than vitest's default 5 s.
const slow = 30_000;

describe("evaluatePreflight properties", () => {
  it(
    "R-PRE-1..7: over random valid reports, every result is consistent",
    () => {
      fc.assert(
        fc.property(validReport, options, (report, opts) => {
          const result = evaluatePreflight(report, opts);
          const verdicts = result.checks.map((c) => c.verdict);

          const expected = verdicts.includes("fail")
            ? "blocked"
            : verdicts.includes("warn")
              ? "degraded"
              : "ready";
          expect(result.overall).toBe(expected);

          // R-PRE-7: every check, failed or not, says why.
          for (const c of result.checks) expect(c.reason).toMatch(/^[a-z][a-z-]*$/);
          expect(new Set(result.checks.map((c) => c.id)).size).toBe(result.checks.length);

          // R-PRE-2: attendees never get device or bandwidth checks; others always do.
          const hasDeviceChecks = result.checks.some((c) => deviceChecks.includes(c.id));
          expect(hasDeviceChecks).toBe(report.role !== "attendee");

          // R-PRE-3: an unmeasured upload never passes.
          const bandwidth = result.checks.find((c) => c.id === "bandwidth");
          if (report.network.uploadMbps === null && bandwidth) {
            expect(bandwidth).toMatchObject({ verdict: "warn", reason: "unmeasured" });
          }

          // R-PRE-5: the site check never fails.
          expect(result.checks.find((c) => c.id === "site")?.verdict).not.toBe("fail");

          // R-PRE-6: every advice item has a stable code and both languages.
          const allAdvice = [...result.advice, ...result.checks.flatMap((c) => c.advice)];
          for (const item of allAdvice) {
            expect(item.code).toMatch(/^[a-z][a-z0-9-]*$/);
            expect(item.text.en.trim()).not.toBe("");
            expect(item.text.fr.trim()).not.toBe("");
          }
          // The result's advice is exactly the checks' advice, de-duplicated.
          const checkCodes = new Set(result.checks.flatMap((c) => c.advice.map((a) => a.code)));
          const resultCodes = result.advice.map((a) => a.code);
          expect(new Set(resultCodes).size).toBe(resultCodes.length);
          expect(new Set(resultCodes)).toEqual(checkCodes);
        }),
        runs,
      );
    },
    slow,
  );

  it(
    "R-PRE-5: running on the preview alone never blocks",
    () => {
      fc.assert(
        fc.property(validReport, options, (report, opts) => {
          const published = evaluatePreflight(
            { ...report, page: { ...report.page, site: "published" } },
            opts,
          );
          const preview = evaluatePreflight(
            { ...report, page: { ...report.page, site: "preview" } },
            opts,
          );
          if (published.overall !== "blocked") expect(preview.overall).not.toBe("blocked");
          expect(preview.overall).not.toBe("ready");
        }),
        runs,
      );
    },
    slow,
  );

  it(
    "refuses random invalid input with LiveError INVALID_INPUT only",
    () => {
      const fieldPaths = [
        ["role"],
        ["page", "protocol"],
        ["page", "hostname"],
        ["page", "secureContext"],
        ["camera", "permission"],
        ["microphone", "count"],
        ["browser", "version"],
        ["network", "uploadMbps"],
        ["network", "udp"],
      ] as const;
      const corrupted = fc
        .tuple(validReport, fc.constantFrom(...fieldPaths), fc.anything())
        .map(([report, [group, key], value]) => {
          const copy = structuredClone(report) as Record<string, unknown>;
          if (key === undefined) copy[group] = value;
          else (copy[group] as Record<string, unknown>)[key] = value;
          return copy;
        });

      fc.assert(
        fc.property(fc.oneof(fc.anything(), corrupted), (input) => {
          const valid = preflightReportSchema.safeParse(input).success;
          try {
            evaluatePreflight(input);
          } catch (error) {
            expect(isLiveError(error, "INVALID_INPUT")).toBe(true);
            expect(valid).toBe(false);
            expect((error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
            return;
          }
          expect(valid).toBe(true);
        }),
        runs,
      );
    },
    slow,
  );
});
