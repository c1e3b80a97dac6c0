// The real @vonage/client-sdk-video in Debian's Chromium, headless with fake devices: the facts
// createVonageVideoClient relies on, with the publisher properties it uses. Offline, publishers
// can be created but a session cannot connect (that needs Vonage's servers): the multi-party flow
// is tested with the fake video client (content-sharing.browser.test.ts).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "./harness.js";

warnIfNoChromium("the Vonage SDK browser tests");

/** Calls one of the page's functions (pages/vonage-page.ts) and returns its JSON result. */
function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .vonagePage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

interface PublisherFacts {
  readonly videoType: string | null;
  readonly videoDeviceId: string | null;
  readonly videoTrackState: string | null;
  readonly audioTrackState: string | null;
  readonly accessAllowed: boolean;
}

/** What a preview shows in its element (pages/vonage-page.ts). */
interface Shown {
  readonly videos: number;
  readonly videoWidth: number;
  readonly muted: boolean | null;
  readonly moving: boolean;
}

describe.skipIf(!hasChromium)("the Vonage client SDK in Chromium (fake devices, offline)", () => {
  let harness: BrowserHarness;
  let page: Page;
  let uncaught: string[];

  beforeAll(async () => {
    harness = await startBrowserHarness({ vonage: "vonage-page.ts" });
    const opened = await harness.open("vonage");
    page = opened.page;
    // Offline, the SDK logs failed requests to Vonage's hosts: only uncaught errors count here.
    uncaught = opened.uncaught;
  }, 60_000);
  afterAll(() => harness?.close());

  let firstCamera = "";

  it("meets the system requirements and lists the fake devices", async () => {
    const facts = await call<{
      systemRequirements: number;
      cameras: number;
      microphones: number;
      firstCamera: string | null;
    }>(page, "requirements");
    expect(facts.systemRequirements).toBe(1);
    expect(facts.cameras).toBeGreaterThanOrEqual(1);
    expect(facts.microphones).toBeGreaterThanOrEqual(1);
    expect(facts.firstCamera).toEqual(expect.any(String));
    firstCamera = facts.firstCamera ?? "";
  }, 20_000);

  it("R-PERM-3: creates the camera publisher on the chosen device with the camera off", async () => {
    const facts = await call<
      PublisherFacts & { insertedElements: number; endedAfterDestroy: boolean }
    >(page, "camera", firstCamera);
    expect(facts).toMatchObject({
      videoType: "camera",
      videoDeviceId: firstCamera,
      videoTrackState: null, // with publishVideo: false the SDK does not even open the camera
      audioTrackState: "live", // the microphone is on (R-PERM-3)
      accessAllowed: true,
      insertedElements: 0, // no element given: no default UI added to the page
      endedAfterDestroy: true,
    });
  }, 20_000);

  it("R-PERM-3: the camera's preview shows nothing while off, its moving picture once on, and ends with it", async () => {
    const facts = await call<{
      whileOff: Shown;
      turnedOn: Shown;
      turnedOff: Shown;
      firstTrackAfterOff: string | null;
      turnedOnAgain: Shown;
      afterStop: { previewTrack: string | null; stillShown: number };
      afterPreviewStop: number;
    }>(page, "cameraPreview", firstCamera);
    // Entry with the camera off: no camera opened, so no picture to show.
    expect(facts.whileOff).toMatchObject({ videos: 0 });
    // Turned on: one muted <video> with the fake camera's moving picture.
    expect(facts.turnedOn).toMatchObject({ videos: 1, muted: true, moving: true });
    expect(facts.turnedOn.videoWidth).toBeGreaterThan(0);
    // Turned off: the SDK stops the camera track (the light goes off) and the preview is empty.
    expect(facts.firstTrackAfterOff).toBe("ended");
    expect(facts.turnedOff).toMatchObject({ videos: 0 });
    // Turned on again: a fresh camera track, shown moving again.
    expect(facts.turnedOnAgain).toMatchObject({ videos: 1, muted: true, moving: true });
    expect(facts.turnedOnAgain.videoWidth).toBeGreaterThan(0);
    // stop() ends the camera track the preview plays; stopping the preview then removes it.
    expect(facts.afterStop.previewTrack).toBe("ended");
    expect(facts.afterPreviewStop).toBe(0);
    expect(uncaught).toEqual([]);
  }, 30_000);

  it("previews a camera published on or turned on without a chosen device, a screen and a shared track; stop() ends what it sent", async () => {
    type Preview = Shown & { readonly trackAfterStop: string | null };
    const facts = await call<{
      cameraOn: Preview;
      cameraDefaultDevice: Preview;
      screen: Preview;
      custom: Preview;
      originalAfterStop: string;
    }>(page, "otherPreviews", firstCamera);
    const previews = [facts.cameraOn, facts.cameraDefaultDevice, facts.screen, facts.custom];
    for (const preview of previews) {
      expect(preview).toMatchObject({ videos: 1, muted: true, trackAfterStop: "ended" });
      expect(preview.videoWidth).toBeGreaterThan(0);
    }
    expect(previews.map((preview) => preview.moving)).toEqual([true, true, true, true]);
    // The room published a clone of the page's track: the page's own track is still live.
    expect(facts.originalAfterStop).toBe("live");
    expect(uncaught).toEqual([]);
  }, 30_000);

  it("creates a screen publisher through videoSource 'screen'", async () => {
    const facts = await call<PublisherFacts>(page, "screen");
    expect(facts).toMatchObject({
      videoType: "screen",
      videoTrackState: "live",
      audioTrackState: null,
    });
  }, 20_000);

  it("publishes a canvas track as a clone: destroying the publisher ends the clone only", async () => {
    const facts = await call<
      PublisherFacts & {
        publishedIsClone: boolean;
        cloneAfterDestroy: string;
        originalAfterDestroy: string;
      }
    >(page, "canvasTrack");
    expect(facts).toMatchObject({
      videoType: "custom",
      videoTrackState: "live",
      publishedIsClone: true,
      cloneAfterDestroy: "ended", // the trap: the SDK stops the track it is given
      originalAfterDestroy: "live", // so the caller's own track survives
    });
  }, 20_000);

  it("maps the SDK's connect failure (no Vonage servers here) to a retriable PROVIDER_FAILED", async () => {
    const facts = await call<{
      connected: boolean;
      code: string | null;
      retriable: boolean | null;
    }>(page, "connectOffline");
    expect(facts).toMatchObject({ connected: false, code: "PROVIDER_FAILED", retriable: true });
    expect(uncaught).toEqual([]);
  }, 30_000);
});
