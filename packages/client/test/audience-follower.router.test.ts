// followAudience against the real router: the audience's screens as the live goes, and a resume
// with Last-Event-ID after the connection drops.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AudienceFollower } from "../src/index.js";
import { people, type RouterFixture, startRouter } from "./router-fixture.js";

let api: RouterFixture;
let follower: AudienceFollower | null = null;
beforeEach(async () => {
  api = await startRouter();
});
afterEach(async () => {
  follower?.close();
  follower = null;
  await api.close();
});

/** Every distinct screen the follower showed, in order. */
function screensOf(store: AudienceFollower): string[] {
  const screens: string[] = [];
  const record = () => {
    const screen = store.getSnapshot().view?.screen;
    if (screen !== undefined && screens.at(-1) !== screen) screens.push(screen);
  };
  store.subscribe(record);
  record();
  return screens;
}

describe("followAudience against the router", () => {
  it("R-LIFE-4: waiting → live → replay-processing → replay, pushed as they happen", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    await api.connect(await moderator.join(id));
    follower = api.clientFor(null, { reconnect: { minDelayMs: 10 } }).followAudience(id);
    const screens = screensOf(follower);
    await expect.poll(() => follower?.getSnapshot().connection).toBe("open");
    await expect.poll(() => screens.at(-1)).toBe("waiting");
    await moderator.startLive(id);
    await expect.poll(() => screens.at(-1)).toBe("live");
    await moderator.stopLive(id);
    await expect.poll(() => screens.at(-1)).toBe("replay-processing");
    await api.finishRecordings();
    await expect.poll(() => screens.at(-1)).toBe("replay");
    expect(screens).toEqual(["waiting", "live", "replay-processing", "replay"]);
    expect(follower.getSnapshot().view?.replayPath).toBe(`/sessions/${id}/replay`);
    expect(follower.getSnapshot().error).toBeNull();
  });

  it("resumes with Last-Event-ID after a dropped connection and keeps following", async () => {
    const id = await api.session();
    const moderator = api.clientFor(people.moderator);
    await api.connect(await moderator.join(id));
    const sent: (string | null)[] = [];
    const viewer = api.clientFor(null, { reconnect: { minDelayMs: 10 } });
    const recording = api.clientFor(null, {
      reconnect: { minDelayMs: 10 },
      fetch: (input, init) => {
        if (String(input).endsWith("/events")) {
          sent.push(new Headers(init?.headers).get("last-event-id"));
        }
        return fetch(input, init);
      },
    });
    expect(viewer).toBeDefined();
    follower = recording.followAudience(id);
    const states: string[] = [];
    follower.subscribe(() => states.push(follower?.getSnapshot().connection ?? ""));
    await expect.poll(() => follower?.getSnapshot().view?.screen).toBe("waiting");
    const version = follower.getSnapshot().view?.version;

    api.server.closeAllConnections();
    await expect.poll(() => sent.length).toBe(2);
    expect(sent).toEqual([null, String(version)]);
    await expect.poll(() => follower?.getSnapshot().connection).toBe("open");
    expect(states).toContain("reconnecting");
    // The view was kept through the drop, and the resumed stream still pushes changes.
    expect(follower.getSnapshot().view?.version).toBe(version);
    await moderator.startLive(id);
    await expect.poll(() => follower?.getSnapshot().view?.screen).toBe("live");
  });

  it("an unknown session ends the follower with SESSION_NOT_FOUND and no retry", async () => {
    let calls = 0;
    follower = api
      .clientFor(null, {
        reconnect: { minDelayMs: 10 },
        fetch: (input, init) => {
          calls += 1;
          return fetch(input, init);
        },
      })
      .followAudience("ses_unknown");
    await expect.poll(() => follower?.getSnapshot().connection).toBe("closed");
    expect(follower.getSnapshot().error?.code).toBe("SESSION_NOT_FOUND");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(1);
  });
});
