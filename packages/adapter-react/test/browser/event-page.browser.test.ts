// @vitest-environment node
// The event page of docs/react.md (createLiveClient's audience follower, useAudience,
// AudienceScreen) in Debian's Chromium, against @onair/http on node:http through the harness's
// streaming proxy. The test drives the service and the mock provider from Node; the page follows
// by the server's pushed events alone, plays the HLS broadcast and the replay from the URLs the
// server gives, and resumes a dropped stream with Last-Event-ID.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type EventApi,
  eventPeople,
  startEventApi,
} from "../../../client/test/browser/event-api.js";
import {
  type BrowserHarness,
  hasChromium,
  startBrowserHarness,
  warnIfNoChromium,
} from "../../../client/test/browser/harness.js";

warnIfNoChromium("the event page browser tests");

interface Seen {
  readonly screen: string | null;
  readonly version: number | null;
  readonly connection: string;
  readonly hlsUrl: string | null;
  readonly holdingSlate: boolean | null;
}
interface PageState {
  readonly screen: string | null;
  readonly slate: boolean;
  readonly status: string | null;
  readonly log: Seen[];
}
interface PlayerState {
  readonly src: string;
  readonly currentTime: number;
  readonly muted: boolean;
  readonly paused: boolean;
  readonly videoWidth: number;
  readonly duration: number;
  readonly ended: boolean;
}

function call<T>(page: Page, name: string, argument?: unknown): Promise<T> {
  return page.evaluate(
    ([fn, value]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (v: unknown) => unknown>>)
        .eventPage;
      return api?.[fn as string]?.(value);
    },
    [name, argument] as const,
  ) as Promise<T>;
}

const state = (page: Page) => call<PageState>(page, "state");
const screenOf = async (page: Page) => (await state(page)).screen;
const player = (page: Page) => call<PlayerState | null>(page, "player");
const lastVersion = async (page: Page) =>
  (await state(page)).log.findLast((seen) => seen.version !== null)?.version ?? null;
/** The screens the page went through, each once in a row. */
const screensSeen = (log: readonly Seen[]) =>
  log
    .map((seen) => seen.screen)
    .filter((screen, index, all) => screen !== null && screen !== all[index - 1]);

describe.skipIf(!hasChromium)("the event page in Chromium, on pushed events", () => {
  let api: EventApi;
  let harness: BrowserHarness;
  const opened: Page[] = [];
  const open = async () => {
    const at = await harness.open("event");
    opened.push(at.page);
    return at;
  };

  beforeAll(async () => {
    api = await startEventApi();
    // The page module sits here; the harness resolves pages from its own folder.
    harness = await startBrowserHarness(
      { event: "../../../../adapter-react/test/browser/event-page.tsx" },
      { api: api.origin },
    );
    api.servesMediaFrom(harness.base);
  }, 60_000);
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.context().close();
  });
  afterAll(async () => {
    await harness?.close();
    await api?.close();
  });

  /** The page's requests to one session's routes, from `from` on (`audience`, `events`, …). */
  const requestsTo = (sessionId: string, route: string, from = 0) =>
    harness.traffic.requests
      .slice(from)
      .filter((request) => request.path.startsWith(`/api/live/sessions/${sessionId}/${route}`));

  it("R-LIFE-4, R-AUD-1, R-AUD-2, R-STAGE-2: waiting → live → replay being generated → replay, from pushed events only, players muted with a working unmute", async () => {
    const sessionId = await api.session();
    const { page, errors } = await open();
    const from = harness.traffic.requests.length;
    await call(page, "mount", { sessionId });
    await expect.poll(() => screenOf(page)).toBe("waiting");
    expect(api.openStreams()).toBe(1);

    // The moderator joins and publishes a camera (provider events), then starts the live.
    const { streamId } = await api.joinRoom(sessionId, eventPeople.moderator);
    await api.service.startLive(sessionId, eventPeople.moderator);
    await expect.poll(() => screenOf(page)).toBe("live");
    // R-AUD-1: the broadcast is warming up: a holding slate, no URL yet.
    expect((await state(page)).slate).toBe(true);
    expect(await player(page)).toBeNull();
    await api.service.setStage(sessionId, eventPeople.moderator, {
      streamIds: [streamId],
      layout: "grid",
    });
    const staged = await api.service.audience(sessionId);
    expect(staged).toMatchObject({ holdingSlate: false, hlsUrl: null });
    await expect.poll(() => lastVersion(page)).toBe(staged.version);
    expect((await state(page)).slate).toBe(true); // someone on stage, the broadcast warming up

    // The warm-up is over: the URL is pushed and plays (native HLS), muted (R-AUD-2).
    await api.warmUp(sessionId);
    await expect
      .poll(async () => (await player(page))?.currentTime ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0.5);
    const live = (await player(page)) as PlayerState;
    expect(live.src).toBe(`${harness.base}/fixtures/hls/index.m3u8`);
    expect(live.muted).toBe(true);
    expect(live.videoWidth).toBe(320);
    await expect(page.getByRole("button", { name: "Unmute" }).isVisible()).resolves.toBe(true);

    // R-STAGE-2: the stream on stage ends at the provider: the holding slate comes back.
    api.provider.unpublish(streamId);
    await api.provider.settle();
    await expect.poll(async () => (await state(page)).slate).toBe(true);
    expect(await player(page)).toBeNull();

    // R-LIFE-4: stopped, the replay is being generated, then it is ready.
    await api.service.stopLive(sessionId, eventPeople.moderator);
    await expect.poll(() => screenOf(page)).toBe("replay-processing");
    await api.finishRecordings();
    await expect.poll(() => screenOf(page)).toBe("replay");

    // The replay (the 2 s clip) plays from the provider's link, through the replay route's
    // redirect, muted; a click on the visible Unmute button unmutes it and it keeps playing.
    await expect
      .poll(async () => (await player(page))?.currentTime ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0.2);
    const replay = (await player(page)) as PlayerState;
    expect(replay.muted).toBe(true);
    const unmute = page.getByRole("button", { name: "Unmute" });
    await expect(unmute.isVisible()).resolves.toBe(true);
    await unmute.click();
    await expect.poll(async () => (await player(page))?.muted).toBe(false);
    expect(await player(page)).toMatchObject({ paused: false, ended: false });
    await expect(page.getByRole("button", { name: "Mute" }).isVisible()).resolves.toBe(true);
    expect(replay.src).toBe(`${harness.base}/api/live/sessions/${sessionId}/replay`);
    expect(replay.videoWidth).toBe(320);
    expect(replay.duration).toBeCloseTo(2, 1); // the clip, not the 3 s HLS stream
    const link = await fetch(`${api.origin}/api/live/sessions/${sessionId}/replay`, {
      redirect: "manual",
    });
    expect(link.status).toBe(302);
    expect(link.headers.get("location")).toBe(`${harness.base}/fixtures/clip.mp4`);

    const { log } = await state(page);
    expect(screensSeen(log)).toEqual(["waiting", "live", "replay-processing", "replay"]);
    const versions = log.flatMap((seen) => (seen.version === null ? [] : [seen.version]));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(log.some((seen) => seen.screen === "live" && seen.hlsUrl === null)).toBe(true);
    // No polling: one event stream carried it all, the audience route was never asked.
    expect(requestsTo(sessionId, "audience", from)).toEqual([]);
    expect(requestsTo(sessionId, "events", from)).toHaveLength(1);
    expect(requestsTo(sessionId, "replay", from).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);

    // The page goes away: the proxy aborts its request, the server's stream closes.
    expect(api.openStreams()).toBe(1);
    await page.context().close();
    await expect.poll(() => api.openStreams()).toBe(0);
  }, 60_000);

  it("R-LIFE-4: a dropped stream resumes with Last-Event-ID, and the change made meanwhile is not lost", async () => {
    const sessionId = await api.session();
    const { page, uncaught, errors } = await open();
    const from = harness.traffic.requests.length;
    await call(page, "mount", { sessionId });
    await expect.poll(() => screenOf(page)).toBe("waiting");
    await api.joinRoom(sessionId, eventPeople.moderator);
    const seen = (await api.service.audience(sessionId)).version;
    await expect.poll(() => lastVersion(page)).toBe(seen);

    // The server drops the stream and stays away while the live starts.
    const release = harness.traffic.hold(/\/events$/);
    expect(api.dropStreams()).toBe(1);
    await expect.poll(() => harness.traffic.open()).toBe(0);
    await expect
      .poll(async () => (await state(page)).status)
      .toBe("Connection lost, reconnecting…");
    await expect.poll(() => harness.traffic.held()).toBe(1); // the page came back by itself
    await api.service.startLive(sessionId, eventPeople.moderator);
    expect(await screenOf(page)).toBe("waiting");

    release();
    await expect.poll(() => screenOf(page)).toBe("live");
    const resumed = requestsTo(sessionId, "events", from);
    expect(resumed).toHaveLength(2);
    expect(resumed[0]?.lastEventId).toBeNull();
    expect(resumed[1]?.lastEventId).toBe(String(seen));
    const after = await state(page);
    expect(after.status).toBeNull();
    expect(after.log.at(-1)).toMatchObject({ screen: "live", connection: "open" });
    expect(after.log.at(-1)?.version).toBe((await api.service.audience(sessionId)).version);
    expect(after.log.some((entry) => entry.connection === "reconnecting")).toBe(true);
    expect(requestsTo(sessionId, "audience", from)).toEqual([]);
    expect(uncaught).toEqual([]);
    // The only error the browser reports is the cut itself.
    expect(errors).toEqual(["Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING"]);
  }, 40_000);

  it("R-LIFE-4: a stream the server ends ends on the page too, which resumes with Last-Event-ID", async () => {
    const sessionId = await api.session();
    const { page, errors } = await open();
    const from = harness.traffic.requests.length;
    await call(page, "mount", { sessionId });
    await expect.poll(() => screenOf(page)).toBe("waiting");
    const seen = (await api.service.audience(sessionId)).version;
    await expect.poll(() => lastVersion(page)).toBe(seen);
    expect(api.endStreams()).toBe(1);
    await expect.poll(() => requestsTo(sessionId, "events", from).length).toBe(2);
    expect(requestsTo(sessionId, "events", from)[1]?.lastEventId).toBe(String(seen));
    await expect.poll(() => api.openStreams()).toBe(1);
    // Still followed: the next change arrives on the new stream.
    await api.joinRoom(sessionId, eventPeople.moderator);
    await api.service.startLive(sessionId, eventPeople.moderator);
    await expect.poll(() => screenOf(page)).toBe("live");
    // Ended, not cut: the proxy ended the page's response when the API's ended.
    expect(errors).toEqual([]);
  }, 30_000);
});
