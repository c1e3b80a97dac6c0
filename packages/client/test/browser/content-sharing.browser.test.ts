// Content sharing in Debian's Chromium (R-PERM-4, seed: "broadcast a PDF"), over the fake video
// client: the presenter shares a PDF page by page, an image and an mp4; a viewer in the same room
// sees the published tracks' pixels; after leave every MediaStreamTrack has ended.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "./harness.js";

warnIfNoChromium("the content sharing browser tests");

interface Colour {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .contentPage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

describe.skipIf(!hasChromium)("content sharing in Chromium, over the fake video client", () => {
  let harness: BrowserHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    harness = await startBrowserHarness({ content: "content-page.ts" });
    ({ page, errors } = await harness.open("content"));
  }, 60_000);
  afterAll(() => harness?.close());

  it("R-PERM-3: joins with the microphone on and the camera not even opened", async () => {
    const joined = await call<{ streamId: string; tracks: { kind: string; enabled: boolean }[] }>(
      page,
      "join",
    );
    expect(joined.streamId).toEqual(expect.any(String));
    expect(joined.tracks).toEqual([{ kind: "audio", enabled: true }]); // a real getUserMedia track
  }, 20_000);

  it("R-PERM-4: shares a PDF, and the published track's pixels change when the page turns", async () => {
    const shared = await call<{ pageCount: number; page: number }>(page, "sharePdf");
    expect(shared).toEqual({ pageCount: 2, page: 1 });
    const first = await call<Colour>(page, "seen");
    expect(first.r).toBeGreaterThan(150); // page 1 is red
    expect(first.b).toBeLessThan(100);

    expect(await call<number>(page, "turnTo", 2)).toBe(2);
    await call<number>(page, "waitForBlue");
    const second = await call<Colour>(page, "seen");
    expect(second.b).toBeGreaterThan(150); // page 2 is blue
    expect(second.r).toBeLessThan(100);

    expect(await call<number>(page, "turnTo", 99)).toBe(2); // clamped to the last page
  }, 20_000);

  it("R-PERM-4: a viewer connecting after the page was drawn still gets it (keep-alive)", async () => {
    // Follows the PDF test: page 2 (blue) was drawn and its frame sent before this viewer exists.
    const late = await call<{ colour: Colour; waitedMs: number; hint: string }>(page, "lateViewer");
    expect(late.hint).toBe("detail"); // a page keeps its resolution over the connection
    expect(late.colour.b).toBeGreaterThan(150);
    expect(late.colour.r).toBeLessThan(100);
    expect(late.waitedMs).toBeLessThan(3_000); // within a keep-alive period or two (1 s)
  }, 20_000);

  it("R-PERM-4: shares an image as a steady picture", async () => {
    expect(await call<{ pageCount: number }>(page, "shareImage")).toEqual({ pageCount: 1 });
    const colour = await call<Colour>(page, "seen");
    // image.png is #2a9d8f (teal)
    expect(Math.abs(colour.r - 0x2a)).toBeLessThan(25);
    expect(Math.abs(colour.g - 0x9d)).toBeLessThan(25);
    expect(Math.abs(colour.b - 0x8f)).toBeLessThan(25);
  }, 20_000);

  it("R-PERM-4: plays an mp4 into a published track that moves", async () => {
    const shared = await call<{ first: Colour; later: Colour; settings: { width?: number } }>(
      page,
      "shareVideo",
    );
    expect(shared.settings.width).toBe(320);
    const moved =
      Math.abs(shared.first.r - shared.later.r) +
      Math.abs(shared.first.g - shared.later.g) +
      Math.abs(shared.first.b - shared.later.b);
    expect(moved).toBeGreaterThan(1);
  }, 20_000);

  it("ends every MediaStreamTrack after leave", async () => {
    const left = await call<{ count: number; states: string[]; calls: string[] }>(page, "leave");
    // the microphone, the camera opened by setVideo(true), three content tracks and their clones
    expect(left.count).toBe(8);
    expect(left.states).toEqual(["ended"]);
    expect(left.calls).toEqual([
      "connect",
      "publishCamera",
      "setVideo",
      "publishTrack",
      "publishTrack",
      "publishTrack",
      "leave",
    ]);
    expect(errors).toEqual([]);
  }, 20_000);
});
