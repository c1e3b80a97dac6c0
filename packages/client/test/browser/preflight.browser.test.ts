// The preflight in Debian's Chromium with fake devices: real facts (secure context, WebRTC,
// permissions, devices, browser) and an upload measured against the real HTTP API.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatheredPreflight } from "../../src/index.js";
import { type RouterFixture, startRouter } from "../router-fixture.js";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "./harness.js";

warnIfNoChromium("the preflight browser tests");

function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .preflightPage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

describe.skipIf(!hasChromium)("gatherPreflightReport in Chromium", () => {
  let harness: BrowserHarness;
  let api: RouterFixture;
  let page: Page;
  let uploads = 0;

  beforeAll(async () => {
    api = await startRouter();
    harness = await startBrowserHarness({ preflight: "preflight-page.ts" });
    ({ page } = await harness.open("preflight"));
    // The page calls /api/live on its own origin; the requests go on to the router.
    await page.route("**/api/live/**", async (route) => {
      const path = new URL(route.request().url()).pathname.slice("/api/live".length);
      if (path === "/preflight/bandwidth") uploads += 1;
      await route.continue({ url: `${api.base}${path}` });
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await api?.close();
  });

  it("R-PRE-1, R-PRE-2, R-PRE-3, R-PRE-7: a speaker's facts: WebRTC, permissions, devices and a measured upload", async () => {
    const gathered = await call<GatheredPreflight & { tookMs: number }>(page, "gather", "speaker");
    const { report, devices, result } = gathered;
    expect(report.page).toMatchObject({
      secureContext: true,
      protocol: "http:",
      hostname: "127.0.0.1",
    });
    expect(report.webrtc.supported).toBe(true);
    expect(report.camera.permission).toBe("granted");
    expect(report.microphone.permission).toBe("granted");
    expect(report.camera.count).toBeGreaterThanOrEqual(1);
    expect(report.microphone.count).toBeGreaterThanOrEqual(1);
    expect(devices.cameras.length).toBeGreaterThanOrEqual(1);
    expect(devices.cameras[0]?.label).not.toBe("");
    expect(report.browser.name).toBe("chrome");
    expect(report.browser.version).toBeGreaterThanOrEqual(100);
    expect(report.network.uploadMbps).toBeGreaterThan(0);
    expect(uploads).toBeGreaterThanOrEqual(1);
    expect(gathered.tookMs).toBeLessThan(8_000);
    // UDP and the relay are not measurable without servers: the core says so, and only that.
    expect(report.network).toMatchObject({ udp: "unknown", relay: "unknown" });
    expect(result.checks.find((check) => check.id === "camera")?.verdict).toBe("pass");
    expect(result.checks.find((check) => check.id === "webrtc")?.verdict).toBe("pass");
    expect(result.checks.find((check) => check.id === "connectivity")?.reason).toBe("unmeasured");
    expect(gathered.failures).toEqual([]);
  }, 30_000);

  it("a chosen camera that is not there is reported as no device", async () => {
    const report = await call<GatheredPreflight["report"]>(
      page,
      "gatherWithCamera",
      "no-such-camera",
    );
    expect(report.camera.reason).toBe("no-device");
    expect(report.microphone.permission).toBe("granted");
    expect(report.page.site).toBe("preview");
  }, 30_000);

  it("an attendee is asked for nothing and nothing is uploaded", async () => {
    const before = uploads;
    const { report } = await call<GatheredPreflight>(page, "gather", "attendee");
    expect(report.network).toMatchObject({ uploadMbps: null, unmeasuredReason: "not-run" });
    expect(uploads).toBe(before);
  }, 30_000);

  it("the server's verdicts on the gathered report", async () => {
    const verdicts = await call<{ overall: string; ids: string[] }>(
      page,
      "serverVerdicts",
      "speaker",
    );
    expect(["ready", "degraded"]).toContain(verdicts.overall);
    expect(verdicts.ids).toEqual(expect.arrayContaining(["secure-context", "camera", "bandwidth"]));
  }, 30_000);
});
