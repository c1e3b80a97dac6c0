// What attendees read after (and during) a live: the replay of every segment, a partial replay,
// the platform's own storage, and the holding slate of an empty stage.
import { describe, expect, it } from "vitest";
import { connected, published, ROOM } from "../../test/fixtures.js";
import { rejection } from "../../test/rejection.js";
import { harness, mod } from "../../test/service-harness.js";
import type { LiveSession } from "../session/model.js";

const recordingIdsOf = (session: LiveSession) =>
  session.live.segments.map((s) => s.recordingId).filter((id): id is string => id !== null);

describe("the replay is the ordered list of segments (R-LIFE-3, R-LIFE-4, R-LIFE-7)", () => {
  it("R-LIFE-3: a recording the provider stopped mid-live gives a replay of two segments, in order", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    await h.service.startLive("ses-1", mod);
    const first = recordingIdsOf(await h.service.getSession("ses-1"));
    expect(first).toHaveLength(1);
    // The provider stops the recording on its own (its maximum duration): the live goes on.
    await h.service.handleProviderEvent(h.fake.setStatus(first[0] ?? "", "stopped", "maxDuration"));
    const during = await h.service.getSession("ses-1");
    expect(during.live.phase).toBe("live");
    const ids = recordingIdsOf(during);
    expect(ids).toHaveLength(2);
    await h.service.stopLive("ses-1", mod);
    for (const id of ids) await h.service.handleProviderEvent(h.fake.setStatus(id, "available"));

    const link = await h.service.replayLink("ses-1");
    expect(link.status).toBe("ready");
    expect(link.segments.map((s) => s.index)).toEqual([1, 2]);
    expect(link.segments.map((s) => new URL(s.url).pathname)).toEqual(ids.map((id) => `/${id}`));
    const history = (await h.service.history("ses-1")).map((e) => e.type);
    expect(history).toContain("recording-gap");
  });

  it("R-LIFE-4: one failed segment gives a partial replay: attendees see what exists", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    await h.service.startLive("ses-1", mod);
    const [first = ""] = recordingIdsOf(await h.service.getSession("ses-1"));
    await h.service.handleProviderEvent(h.fake.setStatus(first, "stopped", "maxDuration"));
    const [, second = ""] = recordingIdsOf(await h.service.getSession("ses-1"));
    await h.service.stopLive("ses-1", mod);
    await h.service.handleProviderEvent(h.fake.setStatus(first, "failed", "encoding error"));
    expect((await h.service.audience("ses-1")).screen).toBe("replay-processing");
    await h.service.handleProviderEvent(h.fake.setStatus(second, "available"));

    const view = await h.service.audience("ses-1");
    expect(view).toMatchObject({ screen: "replay", replay: "partial" });
    const link = await h.service.replayLink("ses-1");
    expect(link.status).toBe("partial");
    expect(link.segments.map((s) => s.index)).toEqual([2]);
    expect(h.notifications.map((n) => n.kind)).not.toContain("replay-failed");
  });

  it("R-LIFE-7: a replay on the platform's own storage is served through uploadedReplayUrl, not the provider", async () => {
    const asked: unknown[] = [];
    const h = harness({
      uploadedReplayUrl: async (segment) => {
        asked.push(segment);
        return `https://cdn.platform.example/${segment.sessionId}/${segment.segmentIndex}.mp4`;
      },
    });
    await h.seed();
    await h.service.startLive("ses-1", mod);
    const [id = ""] = recordingIdsOf(await h.service.getSession("ses-1"));
    await h.service.stopLive("ses-1", mod);
    await h.service.handleProviderEvent(h.fake.setStatus(id, "uploaded"));

    const link = await h.service.replayLink("ses-1");
    expect(link).toEqual({
      status: "ready",
      segments: [{ index: 1, url: "https://cdn.platform.example/ses-1/1.mp4", duration: 60 }],
    });
    expect(asked).toEqual([{ sessionId: "ses-1", segmentIndex: 1, recordingId: id }]);
    expect(h.fake.callsTo("getRecording")).toHaveLength(0);
    // Uploaded: nothing lives only on the provider's temporary storage.
    expect(h.notifications.map((n) => n.kind)).not.toContain("replay-temporary-storage");
  });

  it("R-LIFE-7: without uploadedReplayUrl an uploaded replay is unavailable, never a provider link", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    const [id = ""] = recordingIdsOf(await h.service.getSession("ses-1"));
    await h.service.stopLive("ses-1", mod);
    await h.service.handleProviderEvent(h.fake.setStatus(id, "uploaded"));
    expect((await rejection(h.service.replayLink("ses-1"))).code).toBe("REPLAY_UNAVAILABLE");
    expect(h.fake.callsTo("getRecording")).toHaveLength(0);
  });
});

describe("the holding slate (R-STAGE-2)", () => {
  it("R-STAGE-2: an empty stage shows a holding slate; it goes when a stream is put on stage and comes back when it ends", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    await h.service.startLive("ses-1", mod);
    expect((await h.service.audience("ses-1")).holdingSlate).toBe(true);

    await h.service.handleProviderEvent(published("s-1", "c-spk"));
    expect((await h.service.audience("ses-1")).holdingSlate).toBe(true); // backstage
    await h.service.setStage("ses-1", mod, {
      streamIds: ["s-1"],
      layout: "grid",
      focusStreamId: null,
    });
    expect((await h.service.audience("ses-1")).holdingSlate).toBe(false);

    await h.service.handleProviderEvent({
      type: "stream-destroyed",
      roomId: ROOM,
      streamId: "s-1",
      connectionId: "c-spk",
      reason: "clientDisconnected",
      at: h.now(),
    });
    expect((await h.service.audience("ses-1")).holdingSlate).toBe(true);
    const setStage = h.fake.callsTo("setStage").at(-1)?.args[1];
    expect(setStage).toMatchObject({ streamIds: [] });
  });
});
