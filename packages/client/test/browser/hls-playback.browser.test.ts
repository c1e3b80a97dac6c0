// HLS playback in Debian's Chromium from a checked-in H.264 + AAC stream (3 × 1 s segments, made
// by fixtures/make-fixtures.sh): the native path and hls.js both play it. Chromium answers
// "maybe" to the HLS MIME type, so a player must choose its path on purpose; both are tested.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "./harness.js";

warnIfNoChromium("the HLS playback browser tests");

interface Playback {
  readonly currentTime: number;
  readonly width: number;
  readonly height: number;
  readonly muted: boolean;
  readonly viaMse: boolean;
}

function call<T>(page: Page, name: string): Promise<T> {
  return page.evaluate((fn) => {
    const api = (globalThis as unknown as Record<string, Record<string, () => unknown>>).hlsPage;
    return api?.[fn]?.();
  }, name) as Promise<T>;
}

describe.skipIf(!hasChromium)("HLS playback in Chromium", () => {
  let harness: BrowserHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    harness = await startBrowserHarness({ hls: "hls-page.ts" });
    ({ page, errors } = await harness.open("hls"));
  }, 60_000);
  afterAll(() => harness?.close());

  it("plays the H.264 stream natively, muted", async () => {
    expect(await call<string>(page, "nativeSupport")).not.toBe("");
    const playback = await call<Playback>(page, "playNative");
    expect(playback).toMatchObject({ width: 320, height: 240, muted: true, viaMse: false });
    expect(playback.currentTime).toBeGreaterThan(0.5);
  }, 20_000);

  it("plays the same stream through hls.js over Media Source Extensions", async () => {
    const playback = await call<Playback & { fatal: string[] }>(page, "playHlsJs");
    expect(playback).toMatchObject({
      width: 320,
      height: 240,
      muted: true,
      viaMse: true,
      fatal: [],
    });
    expect(playback.currentTime).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  }, 20_000);
});
