// What the service does when the provider or the process lets it down: starts still in flight,
// answers that come late, lost starts, failed broadcasts and disconnects, deletions that fail.
import { describe, expect, it } from "vitest";
import { aSession, connected, moderator, published, ROOM, T0 } from "../../test/fixtures.js";
import { rejection } from "../../test/rejection.js";
import { harness, mod, spk, stranger } from "../../test/service-harness.js";
import { isLiveError, LiveError } from "../errors.js";
import { defaultDecideOptions } from "../lifecycle/commands.js";
import { decodeConnectionData } from "../lifecycle/connection-data.js";
import { decide } from "../lifecycle/decide.js";
import { newSegment } from "../lifecycle/recording-segments.js";
import type { LiveEvent, LiveSession, RecordingSegment, Stage } from "../session/model.js";
import { createLiveService } from "./live-service.js";

const at = (ms: number) => new Date(ms).toISOString();
const GRACE = defaultDecideOptions.reconcileGraceMs;

/** A live session started at T0, whose first segment was asked for at `requestedAt`. */
function liveWithStartingSegment(requestedAt: number, extra: Partial<LiveSession["live"]> = {}) {
  return aSession({
    live: {
      phase: "live",
      startedAt: at(T0),
      lastPublishingAt: at(T0),
      segments: [newSegment("ses-1", 1, at(requestedAt))],
      ...extra,
    },
  });
}

const segmentsOf = (session: LiveSession) =>
  session.live.segments.map((s) => [s.index, s.status, s.recordingId]);

describe("a recording start still in flight", () => {
  it("R-LIFE-6: reconcile leaves an unanswered start alone within the grace period, then fails it", async () => {
    const h = harness();
    await h.seed(liveWithStartingSegment(T0));
    const early = await h.service.reconcile("ses-1");
    expect(segmentsOf(early)).toEqual([[1, "starting", null]]);

    h.advance(GRACE);
    const late = await h.service.reconcile("ses-1");
    expect(late.live.segments[0]).toMatchObject({ status: "failed", recordingId: null });
  });

  it("R-LIFE-6: a start answered after it was given up on is kept as a segment, and stopped with the live", () => {
    const failed: RecordingSegment = {
      ...newSegment("ses-1", 1, at(T0)),
      status: "failed",
      reason: "no answer",
      stoppedAt: at(T0 + GRACE),
    };
    const replacement: RecordingSegment = {
      ...newSegment("ses-1", 2, at(T0 + GRACE)),
      status: "started",
      recordingId: "rec-2",
      startedAt: at(T0 + GRACE),
    };
    const session = aSession({
      live: { phase: "live", startedAt: at(T0), segments: [failed, replacement] },
    });
    const late = decide(
      session,
      { type: "recording-start-succeeded", segmentIndex: 1, recordingId: "rec-1" },
      T0 + GRACE + 1,
    );
    expect(segmentsOf(late.session)).toEqual([
      [1, "started", "rec-1"],
      [2, "started", "rec-2"],
    ]);
    // Segment 2 already records: the late one is stopped at once, its video kept for the replay.
    expect(late.effects).toEqual([{ type: "stop-recording", recordingId: "rec-1" }]);

    const stopped = decide(late.session, { type: "stop-live", actor: moderator }, T0 + GRACE + 2);
    expect(stopped.effects.filter((e) => e.type === "stop-recording")).toEqual([
      { type: "stop-recording", recordingId: "rec-2" },
    ]);
  });

  it("R-LIFE-5: stopping the live stops every segment still recording", () => {
    const one: RecordingSegment = {
      ...newSegment("ses-1", 1, at(T0)),
      status: "started",
      recordingId: "rec-1",
    };
    const two: RecordingSegment = {
      ...newSegment("ses-1", 2, at(T0)),
      status: "started",
      recordingId: "rec-2",
    };
    const session = aSession({ live: { phase: "live", startedAt: at(T0), segments: [one, two] } });
    const stopped = decide(session, { type: "stop-live", actor: moderator }, T0 + 1);
    expect(stopped.effects.filter((e) => e.type === "stop-recording")).toEqual([
      { type: "stop-recording", recordingId: "rec-1" },
      { type: "stop-recording", recordingId: "rec-2" },
    ]);
  });

  it("R-LIFE-6: a recording adopted by its name while another segment records is stopped, not doubled", () => {
    const failed: RecordingSegment = {
      ...newSegment("ses-1", 1, at(T0)),
      status: "failed",
      stoppedAt: at(T0 + GRACE),
    };
    const current: RecordingSegment = {
      ...newSegment("ses-1", 2, at(T0 + GRACE)),
      status: "started",
      recordingId: "rec-2",
    };
    const session = aSession({
      live: { phase: "live", startedAt: at(T0), segments: [failed, current] },
    });
    const adopted = decide(
      session,
      {
        type: "provider-event",
        event: {
          type: "recording",
          roomId: ROOM,
          recordingId: "rec-1",
          name: failed.name,
          status: "started",
          reason: null,
          duration: null,
          at: T0 + GRACE + 1,
        },
      },
      T0 + GRACE + 1,
    );
    expect(segmentsOf(adopted.session)).toEqual([
      [1, "started", "rec-1"],
      [2, "started", "rec-2"],
    ]);
    expect(adopted.effects).toEqual([{ type: "stop-recording", recordingId: "rec-1" }]);
  });
});

describe("a replay never waits forever (R-LIFE-4)", () => {
  it("R-LIFE-4: reconcile fails a segment the provider no longer has, but not on a transient error", async () => {
    const h = harness();
    const kept = await h.fake.provider.startRecording(ROOM, {
      name: "onair-ses-1-001",
      stage: { streamIds: [], layout: "grid", focusStreamId: null },
    });
    h.fake.setStatus(kept.id, "available");
    await h.seed(
      aSession({
        live: {
          phase: "ended",
          startedAt: at(T0),
          endedAt: at(T0 + 1),
          replay: "processing",
          segments: [
            { ...newSegment("ses-1", 1, at(T0)), status: "stopped", recordingId: kept.id },
            { ...newSegment("ses-1", 2, at(T0)), status: "stopped", recordingId: "rec-gone" },
          ],
        },
      }),
    );
    h.fake.failNext("getRecording"); // a transient failure: nothing concluded
    const unsure = await h.service.reconcile("ses-1");
    expect(unsure.live.segments[1]?.status).toBe("stopped");
    expect(unsure.live.replay).toBe("processing");

    const done = await h.service.reconcile("ses-1");
    expect(segmentsOf(done)).toEqual([
      [1, "available", kept.id],
      [2, "failed", "rec-gone"],
    ]);
    expect(done.live.replay).toBe("partial");
  });
});

describe("the stage reaches outputs that start after it changed (R-STAGE-1)", () => {
  it("R-STAGE-1: a recording that starts gets the stage changed during its start, even an emptied one", () => {
    const unchanged = decide(
      liveWithStartingSegment(T0),
      { type: "recording-start-succeeded", segmentIndex: 1, recordingId: "rec-1" },
      T0 + 1,
    );
    expect(unchanged.effects).toEqual([]); // the start carried the stage already

    const session = liveWithStartingSegment(T0, {
      stage: { streamIds: [], layout: "grid", focusStreamId: null },
      stageChangedAt: at(T0 + 1),
    });
    const started = decide(
      session,
      { type: "recording-start-succeeded", segmentIndex: 1, recordingId: "rec-1" },
      T0 + 2,
    );
    expect(started.effects).toEqual([
      {
        type: "apply-stage",
        stage: { streamIds: [], layout: "grid", focusStreamId: null },
        recordingId: "rec-1",
        broadcastId: null,
      },
    ]);
  });

  it("R-STAGE-1: a broadcast reported started by the provider gets the current stage", () => {
    const session = aSession({
      live: {
        phase: "live",
        startedAt: at(T0),
        broadcast: {
          broadcastId: null,
          status: "starting",
          hlsUrl: null,
          requestedAt: at(T0),
          reason: null,
          replacesId: null,
        },
      },
    });
    const started = decide(
      session,
      {
        type: "provider-event",
        event: {
          type: "broadcast",
          roomId: ROOM,
          broadcastId: "b-1",
          status: "started",
          reason: null,
          hlsUrl: "https://hls.example/b-1.m3u8",
          at: T0 + 1,
        },
      },
      T0 + 1,
    );
    expect(started.effects).toEqual([
      {
        type: "apply-stage",
        stage: session.live.stage,
        recordingId: null,
        broadcastId: "b-1",
      },
    ]);
  });
});

describe("ticks repair what was lost", () => {
  it("R-LIFE-6: a tick adopts a recording whose start answer was lost in a crash, without a second start", async () => {
    const h = harness();
    await h.seed(liveWithStartingSegment(T0));
    // The provider did start it (under the segment's name); the process died before saving.
    const started = await h.fake.provider.startRecording(ROOM, {
      name: "onair-ses-1-001",
      stage: { streamIds: [], layout: "grid", focusStreamId: null },
    });
    const before = h.fake.callsTo("startRecording").length;
    h.advance(GRACE);
    const after = await h.service.tick("ses-1");
    expect(segmentsOf(after)).toEqual([[1, "started", started.id]]);
    expect(h.fake.callsTo("startRecording")).toHaveLength(before);
  });

  it("R-LIFE-3: a tick records the gap of a start lost before reaching the provider and starts again", async () => {
    const h = harness();
    await h.seed(
      liveWithStartingSegment(T0, {
        connections: [
          {
            connectionId: "c-mod",
            personKey: "p-mod",
            role: "moderator",
            grantId: null,
            at: at(T0),
          },
        ],
      }),
    );
    h.advance(GRACE);
    const after = await h.service.tick("ses-1");
    expect(segmentsOf(after)).toEqual([
      [1, "failed", null],
      [2, "started", expect.any(String)],
    ]);
    const history = await h.service.history("ses-1");
    expect(history.map((e) => e.type)).toContain("recording-gap");
  });

  it("R-AUD-1: a failed audience broadcast is asked again by the next tick after the grace period", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-mod", "p-mod", "moderator"));
    h.fake.failNext("startBroadcast");
    await h.service.startLive("ses-1", mod);
    expect((await h.service.getSession("ses-1")).live.broadcast?.status).toBe("failed");
    expect((await h.service.audience("ses-1")).hlsUrl ?? null).toBeNull();

    await h.service.tick("ses-1");
    expect(h.fake.callsTo("startBroadcast")).toHaveLength(1); // not before the grace period
    h.advance(GRACE);
    await h.service.tick("ses-1");
    expect(h.fake.callsTo("startBroadcast")).toHaveLength(2);
    const session = await h.service.getSession("ses-1");
    expect(session.live.broadcast?.status).toBe("started");
    expect((await h.service.audience("ses-1")).hlsUrl).toMatch(/^https:\/\//);
  });

  it("R-PERM-5: a removed speaker whose disconnect failed is disconnected again, and no longer counted", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-spk", "p-spk", "speaker"));
    h.fake.failNext("disconnect");
    await h.service.removeParticipant("ses-1", { email: spk.email, role: "speaker" });
    expect(h.fake.callsTo("disconnect")).toHaveLength(1);
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);

    await h.service.startLive("ses-1", mod);
    await h.service.tick("ses-1");
    expect(h.fake.callsTo("disconnect").map((c) => c.args[1])).toEqual(["c-spk", "c-spk"]);
    expect((await h.service.presence("ses-1", mod)).speakers).toBe(0);
    // Asked again at most once per grace period, until the provider reports it gone.
    await h.service.tick("ses-1");
    expect(h.fake.callsTo("disconnect")).toHaveLength(2);
    h.advance(GRACE);
    await h.service.tick("ses-1");
    expect(h.fake.callsTo("disconnect")).toHaveLength(3);
  });
});

describe("deletion never leaves a recording behind (R-DATA-1)", () => {
  it("R-DATA-1: a provider refusal fails the deletion, and the session stays to delete again", async () => {
    const h = harness();
    await h.seed(
      aSession({
        live: {
          phase: "ended",
          startedAt: at(T0),
          endedAt: at(T0 + 1),
          replay: "ready",
          segments: [
            {
              ...newSegment("ses-1", 1, at(T0)),
              status: "available",
              recordingId: "rec-9",
            },
          ],
        },
      }),
    );
    h.fake.failNext("deleteRecording");
    expect((await rejection(h.service.deleteSession("ses-1"))).code).toBe("PROVIDER_FAILED");
    expect((await h.service.getSession("ses-1")).id).toBe("ses-1");
  });

  it("R-DATA-1: a recording started under a segment's name but never saved is deleted too", async () => {
    const h = harness();
    const failed: RecordingSegment = {
      ...newSegment("ses-1", 1, at(T0)),
      status: "failed",
      reason: "no answer",
    };
    await h.seed(
      aSession({
        live: { phase: "ended", startedAt: at(T0), endedAt: at(T0 + 1), segments: [failed] },
      }),
    );
    const orphan = await h.fake.provider.startRecording(ROOM, {
      name: failed.name,
      stage: { streamIds: [], layout: "grid", focusStreamId: null },
    });
    await h.service.deleteSession("ses-1");
    expect(h.fake.callsTo("deleteRecording").map((c) => c.args[0])).toEqual([orphan.id]);
  });

  it("R-DATA-1: default pseudonyms are random, the same within one deletion", async () => {
    const h = harness();
    const added = (sessionId: string): LiveEvent => ({
      sessionId,
      type: "participant-added",
      actor: { kind: "system" },
      at: at(T0),
      reason: null,
      data: { email: spk.email, role: "speaker" },
    });
    await h.store.create(aSession(), [added("ses-1"), added("ses-1")]);
    await h.store.create(aSession({ id: "ses-2" }), [added("ses-2")]);
    await h.service.deleteSession("ses-1");
    await h.service.deleteSession("ses-2");
    const emailsIn = async (id: string) =>
      (await h.service.history(id)).flatMap((e) =>
        typeof e.data.email === "string" ? [e.data.email] : [],
      );
    const [first, second] = await emailsIn("ses-1");
    const [other] = await emailsIn("ses-2");
    expect(first).toMatch(/^deleted-/);
    expect(second).toBe(first);
    expect(other).toMatch(/^deleted-/);
    expect(other).not.toBe(first);
  });
});

describe("who may see what", () => {
  it("R-AUD-2: a draft does not exist for non-participants, whatever the audience delivery", async () => {
    for (const audienceDelivery of ["hls", "subscribers"] as const) {
      const h = harness({ audienceDelivery });
      await h.seed(aSession({ status: "draft" }));
      expect((await rejection(h.service.join("ses-1", null))).code).toBe("SESSION_NOT_FOUND");
      expect((await rejection(h.service.join("ses-1", stranger))).code).toBe("SESSION_NOT_FOUND");
      // Its participants still enter the control room to rehearse.
      expect((await h.service.join("ses-1", spk)).role).toBe("speaker");
    }
  });

  it("R-PERM-2: an address the host signed in that onair cannot read is refused with the advice", async () => {
    const h = harness();
    await h.seed();
    const error = await rejection(h.service.join("ses-1", { email: "not an email" }));
    expect(error.code).toBe("NOT_A_PARTICIPANT");
    expect(error.advice?.[0]?.code).toBe("same-email-as-back-office");
  });

  it("R-DATA-1: an attendee's connection data is random per grant, never derived from the email", async () => {
    const h = harness({ audienceDelivery: "subscribers" });
    await h.seed();
    await h.service.join("ses-1", stranger);
    await h.service.join("ses-1", stranger);
    const keys = h.fake
      .callsTo("issueToken")
      .map(
        (c) =>
          decodeConnectionData((c.args[1] as { connectionData: string }).connectionData)?.personKey,
      );
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("R-STAGE-2: the stage limit cannot be configured above what the provider composes", () => {
    const h = harness();
    for (const maxStageStreams of [0, 17, 2.5]) {
      expect(() =>
        createLiveService({
          store: h.store,
          provider: h.fake.provider,
          changes: h.changes,
          maxStageStreams,
        }),
      ).toThrow(LiveError);
    }
  });

  it("R-STAGE-2: the stage limit comes from the provider's limits and defaults to them", async () => {
    const h = harness();
    const withLimit = (limits: unknown) =>
      ({ ...h.fake.provider, limits }) as unknown as typeof h.fake.provider;
    const make = (limits: unknown, maxStageStreams?: number) =>
      createLiveService({
        store: h.store,
        provider: withLimit(limits),
        changes: h.changes,
        ...(maxStageStreams === undefined ? {} : { maxStageStreams }),
      });
    expect(() => make({ maxStageStreams: 4 }, 4)).not.toThrow();
    expect(() => make({ maxStageStreams: 4 })).not.toThrow();
    for (const [limits, requested] of [
      [{ maxStageStreams: 4 }, 5],
      [{ maxStageStreams: 0 }, undefined],
      [{}, undefined],
      [undefined, 3],
    ] as const) {
      const error = await Promise.resolve()
        .then(() => make(limits, requested))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isLiveError(error, "INVALID_INPUT")).toBe(true);
    }
  });

  it("R-DATA-1: history of an id never used is SESSION_NOT_FOUND; a deleted session keeps it", async () => {
    const h = harness();
    await h.seed();
    expect((await rejection(h.service.history("ses-unknown"))).code).toBe("SESSION_NOT_FOUND");
    await h.service.deleteSession("ses-1");
    const history = await h.service.history("ses-1");
    expect(history.map((e) => e.type)).toContain("session-deleted");
  });
});

describe("a stage change the provider refused (R-STAGE-1)", () => {
  it("R-STAGE-1: a refused stage change is applied again by the next tick, until it succeeds", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-1", "p-spk", "speaker"));
    await h.service.handleProviderEvent(published("s-1", "c-1"));
    await h.service.startLive("ses-1", mod);
    await h.service.setStage("ses-1", mod, { streamIds: ["s-1"], layout: "grid" });
    const pushes = () => h.fake.callsTo("setStage").map((c) => (c.args[1] as Stage).streamIds);
    const before = pushes().length;

    // The moderator takes the speaker off stage; the provider refuses twice.
    h.fake.failNext("setStage", 2);
    const cleared = await h.service.setStage("ses-1", mod, { streamIds: [], layout: "grid" });
    expect(cleared.live.stagePushFailedAt).toBeDefined();
    await h.service.tick("ses-1");
    expect((await h.service.getSession("ses-1")).live.stagePushFailedAt).toBeDefined();
    await h.service.tick("ses-1");
    const applied = await h.service.getSession("ses-1");
    expect(applied.live.stagePushFailedAt).toBeUndefined();
    expect(pushes().slice(before)).toEqual([[], [], []]);
    // Nothing pending: later ticks push nothing more.
    await h.service.tick("ses-1");
    expect(pushes().slice(before)).toHaveLength(3);
  });
});

describe("the HLS warm-up (R-AUD-1)", () => {
  it("R-AUD-1: the playback URL is given once the provider's warm-up is over, and pushed to followers", async () => {
    const h = harness();
    await h.seed();
    let now = T0;
    const service = createLiveService({
      store: h.store,
      provider: { ...h.fake.provider, broadcastWarmupMs: 20_000 },
      changes: h.changes,
      clock: { now: () => now },
    });
    const seen: (string | null)[] = [];
    const stop = service.subscribe("ses-1", (view) => seen.push(view.hlsUrl));
    await service.startLive("ses-1", mod);
    expect((await service.getSession("ses-1")).live.broadcast?.status).toBe("started");
    expect((await service.audience("ses-1")).hlsUrl).toBeNull();

    now += 20_000;
    expect((await service.audience("ses-1")).hlsUrl).toMatch(/^https:\/\//);
    await service.tick("ses-1");
    await service.tick("ses-1"); // once only
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    expect(seen.at(-1)).toMatch(/^https:\/\//);
    expect(seen.slice(0, -1).every((url) => url === null)).toBe(true);
    const history = await service.history("ses-1");
    expect(history.filter((e) => e.type === "broadcast-playable")).toHaveLength(1);
  });
});
