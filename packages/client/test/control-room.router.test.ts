// The control room end to end: grants from the real router, media through the fake video client
// of @onair/testing (stand-in tracks in Node).
import { createFakeVideoClient } from "@onair/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { people, type RouterFixture, startRouter } from "./router-fixture.js";

let api: RouterFixture;
beforeEach(async () => {
  api = await startRouter();
});
afterEach(async () => {
  await api.close();
});

describe("controlRoom against the router and the fake video client", () => {
  it("R-PERM-3: a moderator and a speaker enter camera off and see each other's streams", async () => {
    const id = await api.session();
    const moderatorVideo = createFakeVideoClient({ media: "synthetic" });
    const speakerVideo = createFakeVideoClient({ media: "synthetic" });
    const moderator = api.clientFor(people.moderator).controlRoom(id, moderatorVideo);
    const speaker = api.clientFor(people.speaker).controlRoom(id, speakerVideo);
    await moderator.join();
    await speaker.join();
    expect(moderator.getSnapshot()).toMatchObject({
      status: "connected",
      camera: "off",
      microphone: "on",
    });
    expect(moderator.getSnapshot().grant?.role).toBe("moderator");
    expect(speaker.getSnapshot().grant?.role).toBe("speaker");
    const speakerStream = speaker.getSnapshot().streams.find((s) => s.local);
    await expect
      .poll(() => moderator.getSnapshot().streams.map((s) => s.streamId))
      .toContain(speakerStream?.streamId);
    const cameraCalls = speakerVideo.calls.filter((c) => c.method === "publishCamera");
    expect(cameraCalls).toHaveLength(1);
    expect(cameraCalls[0]?.details).toMatchObject({ publishVideo: false, publishAudio: true });

    await moderator.startLive();
    expect(moderator.getSnapshot().live?.phase).toBe("live");
    const refused = await speaker.stopLive().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    expect(speaker.getSnapshot().error?.code).toBe("FORBIDDEN");
    await moderator.refreshPresence();
    expect(moderator.getSnapshot().presence).not.toBeNull();

    await speaker.leave();
    await moderator.leave();
    for (const track of [...moderatorVideo.tracks, ...speakerVideo.tracks]) {
      expect(track.readyState).toBe("ended");
    }
  });

  it("a network drop asks the router a fresh grant and enters again with the camera off", async () => {
    const id = await api.session();
    const video = createFakeVideoClient({ media: "synthetic" });
    const room = api.clientFor(people.speaker).controlRoom(id, video);
    await room.join();
    await room.setCamera(true);
    const firstGrant = room.getSnapshot().grant?.grantId;
    await video.disconnectAll("network");
    await expect.poll(() => room.getSnapshot().status).toBe("connected");
    expect(room.getSnapshot().grant?.grantId).not.toBe(firstGrant);
    expect(room.getSnapshot().camera).toBe("off");
    expect(video.publications.filter((p) => p.videoType === "camera" && !p.stopped)).toHaveLength(
      1,
    );
    await room.leave();
    expect(video.tracks.every((track) => track.readyState === "ended")).toBe(true);
  });
});
