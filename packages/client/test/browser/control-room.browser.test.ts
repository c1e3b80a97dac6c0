// A moderator's control room in Debian's Chromium: the real HTTP API (Express router, core
// service, mock provider) behind the page's origin, the fake video client for media, and a PDF
// shared page by page through createContentSource (R-PERM-3, R-PERM-4).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people, type RouterFixture, startRouter } from "../router-fixture.js";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "./harness.js";

warnIfNoChromium("the control room browser tests");

function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .controlRoomPage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

interface Shared {
  readonly sharing: { kind: string; page: number; pageCount: number } | null;
  readonly colour: { r: number; g: number; b: number };
}

describe.skipIf(!hasChromium)("the control room in Chromium, over the fake video client", () => {
  let api: RouterFixture;
  let harness: BrowserHarness;
  let page: Page;
  let errors: string[];
  let sessionId: string;

  beforeAll(async () => {
    api = await startRouter();
    sessionId = await api.session();
    harness = await startBrowserHarness(
      { "control-room": "control-room-page.ts" },
      { api: new URL(api.base).origin },
    );
    ({ page, errors } = await harness.open("control-room"));
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await api?.close();
  });

  it("R-PERM-3: a moderator joins with the camera off and the microphone on", async () => {
    const joined = await call(page, "join", { sessionId, email: people.moderator });
    expect(joined).toEqual({
      status: "connected",
      camera: "off",
      microphone: "on",
      openedTracks: ["audio"], // the camera was not even opened
    });
  }, 20_000);

  it("R-PERM-4: shares a PDF checked by the server; the room sees the page turn", async () => {
    const first = await call<Shared>(page, "sharePdf");
    expect(first.sharing).toEqual({ kind: "pdf", page: 1, pageCount: 2 });
    expect(first.colour.r).toBeGreaterThan(150); // page 1 is red
    const second = await call<Shared>(page, "nextPage");
    expect(second.sharing).toEqual({ kind: "pdf", page: 2, pageCount: 2 });
    expect(second.colour.b).toBeGreaterThan(150); // page 2 is blue
    expect(second.colour.r).toBeLessThan(100);
  }, 20_000);

  it("leaves with every MediaStreamTrack ended, the shared file's included", async () => {
    const left = await call<{ status: string; count: number; states: string[] }>(page, "leave");
    expect(left.status).toBe("left");
    expect(left.count).toBe(3); // the microphone, the PDF's canvas track and its clone
    expect(left.states).toEqual(["ended"]);
    expect(errors).toEqual([]);
  }, 20_000);
});
