// @vitest-environment node
// @onair/react in Debian's Chromium: the audience player (native HLS and hls.js, muted with a
// working unmute, R-AUD-2), axe-core on every screen (each audience screen, the moderator's
// control room with the stop dialog closed and open, a speaker's, the preflight panel with this
// browser's real facts), and every MediaStreamTrack ended after the control room unmounts. Uses
// the harness of @onair/client's browser tests.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { anAudienceView } from "@onair/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "../../../client/test/browser/harness.js";
import { people, type RouterFixture, startRouter } from "../../../client/test/router-fixture.js";

warnIfNoChromium("the @onair/react browser tests");
const require = createRequire(import.meta.url);
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../client/test/browser/fixtures/${name}`, import.meta.url));

function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .reactPage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

async function seriousViolations(page: Page, selector = "body"): Promise<string[]> {
  return page.evaluate(async (context) => {
    const axe = (globalThis as unknown as { axe: typeof import("axe-core") }).axe;
    const results = await axe.run(document.querySelector(context) ?? document.body);
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`);
  }, selector);
}

const hls = "/fixtures/hls/index.m3u8";
const screens = [
  anAudienceView(),
  anAudienceView({ phase: "live", screen: "live", holdingSlate: true }),
  anAudienceView({ phase: "live", screen: "live", hlsUrl: hls }),
  anAudienceView({ phase: "ended", screen: "replay-processing", replay: "processing" }),
  anAudienceView({ phase: "ended", screen: "replay", replay: "ready" }),
  anAudienceView({ phase: "ended", screen: "replay-unavailable", replay: "failed" }),
];

describe.skipIf(!hasChromium)("@onair/react in Chromium", () => {
  let api: RouterFixture;
  let harness: BrowserHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    api = await startRouter();
    // The page module sits here; the harness resolves pages from its own folder.
    harness = await startBrowserHarness(
      { react: "../../../../adapter-react/test/browser/react-page.tsx" },
      { api: new URL(api.base).origin },
    );
    ({ page, errors } = await harness.open("react"));
    await page.addScriptTag({
      content: await readFile(require.resolve("axe-core/axe.min.js"), "utf8"),
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await api?.close();
  });

  it("R-AUD-2: native HLS plays muted, and the unmute button unmutes it", async () => {
    await call(page, "showAudience", { view: screens[2] });
    const playing = await call<{ muted: boolean; viaMse: boolean; unmuteButton: boolean }>(
      page,
      "playback",
    );
    expect(playing).toMatchObject({ muted: true, viaMse: false, unmuteButton: true });
    expect(await call(page, "unmute")).toEqual({ muted: false, paused: false, muteButton: true });
  }, 30_000);

  it("R-AUD-2: without native HLS, hls.js (loaded lazily) plays it muted", async () => {
    await call(page, "showAudience", {
      view: anAudienceView({ ...screens[2], title: "Second" }),
      hlsJs: true,
    });
    const playing = await call<{ muted: boolean; viaMse: boolean }>(page, "playback");
    expect(playing).toMatchObject({ muted: true, viaMse: true });
  }, 30_000);

  it("axe-core: no serious or critical violation on any audience screen", async () => {
    for (const view of [null, ...screens]) {
      const screen = await call<string>(page, "showAudience", { view });
      expect(screen).toBe(view?.screen ?? "connecting");
      expect(await seriousViolations(page), screen).toEqual([]);
    }
  }, 30_000);

  it("axe-core on the control room, the stop dialog closed and open; Escape cancels; unmount ends every track", async () => {
    expect(await call(page, "mountControlRoom", { role: "moderator", phase: "live" })).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await call(page, "openStopDialog")).toBe("Keep the live running");
    expect(await seriousViolations(page, "dialog")).toEqual([]);
    await page.keyboard.press("Escape"); // R-LIFE-2: cancels; focus back on the button
    expect(await call(page, "afterEscape")).toEqual({ focused: "Stop the live", stopped: false });
    const left = await call<{ count: number; states: string[] }>(page, "unmount");
    expect(left.count).toBeGreaterThan(0);
    expect(left.states).toEqual(["ended"]);
    expect(errors).toEqual([]);
  }, 30_000);

  it("R-PERM-4: on the real API, a moderator starts, shares a PDF from the file input, turns its page, and stops", async () => {
    const sessionId = await api.session();
    expect(await call(page, "mountRealControlRoom", { sessionId, email: people.moderator })).toBe(
      1,
    );
    await call(page, "click", "Start the live");
    await expect.poll(() => call<string>(page, "text")).toContain("Stop the live");
    await page.setInputFiles('input[type="file"]', fixture("slides.pdf"));
    await expect
      .poll(() => call<string>(page, "text"), { timeout: 10_000 })
      .toContain("Page 1 of 2");
    const first = await call<{ r: number; b: number }>(page, "watchShared");
    expect(first.r).toBeGreaterThan(150); // page 1 is red
    await call(page, "click", "Next page");
    await expect.poll(() => call<string>(page, "text")).toContain("Page 2 of 2");
    const second = await call<{ r: number; b: number }>(page, "colourOnceBlue");
    expect(second.r).toBeLessThan(100); // page 2 is blue
    await call(page, "click", "Stop the live");
    await call(page, "click", "Stop for good");
    await expect.poll(() => call<string>(page, "text")).toContain("The live has ended.");
    const left = await call<{ count: number; states: string[] }>(page, "unmountRealControlRoom");
    expect(left.count).toBeGreaterThan(2);
    expect(left.states).toEqual(["ended"]);
  }, 40_000);

  it("axe-core on the preflight panel of a moderator and a speaker, with this browser's real facts", async () => {
    const sessionId = await api.session();
    for (const [role, email] of [
      ["moderator", people.moderator],
      ["speaker", people.speaker],
    ] as const) {
      const shown = await call<{
        overall: string;
        checks: number;
        cameras: number;
        enter: boolean;
      }>(page, "mountPreflight", { sessionId, email, role });
      expect(shown.checks, role).toBeGreaterThan(3);
      expect(shown.cameras, role).toBeGreaterThan(1); // the default choice and the fake camera
      expect(shown.enter, role).toBe(shown.overall !== "blocked");
      expect(await seriousViolations(page), role).toEqual([]);
    }
  }, 40_000);

  it("axe-core on a speaker's control room (no start, stop or stage controls); unmount ends every track", async () => {
    await call(page, "mountControlRoom", { role: "speaker", phase: "live" });
    expect(await call<string>(page, "text")).not.toContain("Stop the live");
    expect(await seriousViolations(page)).toEqual([]);
    const left = await call<{ count: number; states: string[] }>(page, "unmount");
    expect(left.states).toEqual(["ended"]);
  }, 30_000);
});
