import { describe, expect, it } from "vitest";
import {
  aSession,
  attendee,
  connected,
  moderator,
  published,
  ROOM,
  recording,
  speaker,
  T0,
} from "../../test/fixtures.js";
import { LiveError } from "../errors.js";
import type { LiveSession } from "../session/model.js";
import type { Decision, LiveCommand } from "./commands.js";
import { defaultDecideOptions } from "./commands.js";
import { decide } from "./decide.js";

const MIN = 60_000;

/** Applies commands in order, like the service does, and returns the last decision and all effects. */
function run(session: LiveSession, commands: LiveCommand[], now = T0) {
  let current = session;
  let last: Decision = { events: [], effects: [], session };
  const effects: Decision["effects"][number][] = [];
  const events: Decision["events"][number][] = [];
  for (const command of commands) {
    last = decide(current, command, now);
    current = last.session;
    effects.push(...last.effects);
    events.push(...last.events);
  }
  return { session: current, last, effects, events };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LiveError);
    return (error as LiveError).code;
  }
  return undefined;
}

const start: LiveCommand = { type: "start-live", actor: moderator };
const stop: LiveCommand = { type: "stop-live", actor: moderator };
const broadcastStarted: LiveCommand = {
  type: "broadcast-start-succeeded",
  broadcastId: "b-1",
  hlsUrl: "https://hls.example/b-1.m3u8",
};
const started = (recordingId = "rec-1", segmentIndex = 1): LiveCommand => ({
  type: "recording-start-succeeded",
  segmentIndex,
  recordingId,
});
const event = (
  e: Parameters<typeof connected>[0] extends string ? ReturnType<typeof connected> : never,
): LiveCommand => ({
  type: "provider-event",
  event: e,
});

describe("decide: starting the live", () => {
  it("R-LIFE-1: a moderator starts a published live session, with the intent and a deterministic recording name", () => {
    const d = decide(aSession(), start, T0);
    expect(d.session.live.phase).toBe("live");
    expect(d.session.live.startedBy).toBe("p-mod");
    expect(d.events.map((e) => e.type)).toEqual([
      "live-started",
      "recording-requested",
      "broadcast-requested",
    ]);
    expect(d.session.live.segments).toMatchObject([
      { index: 1, status: "starting", recordingId: null, name: "onair-ses-1-001" },
    ]);
    expect(d.effects).toEqual([
      {
        type: "start-recording",
        segmentIndex: 1,
        name: "onair-ses-1-001",
        stage: d.session.live.stage,
      },
      { type: "start-broadcast", stage: d.session.live.stage },
    ]);
    expect(d.events[0]).toMatchObject({ actor: moderator, at: new Date(T0).toISOString() });
  });

  it.each([
    ["a speaker", { type: "start-live", actor: speaker } as LiveCommand, "FORBIDDEN"],
    ["an attendee", { type: "start-live", actor: attendee } as LiveCommand, "NOT_A_PARTICIPANT"],
  ])("R-LIFE-1: %s cannot start the live", (_who, command, code) => {
    expect(codeOf(() => decide(aSession(), command, T0))).toBe(code);
  });

  it.each([
    ["a draft", aSession({ status: "draft" }), "NOT_PUBLISHED"],
    ["a non-live stream type", aSession({ streamType: "video" }), "NOT_LIVE_STREAM"],
    ["an ended live", aSession({ live: { phase: "ended" } }), "LIVE_ENDED"],
  ])("R-LIFE-1: starting %s is refused", (_what, session, code) => {
    expect(codeOf(() => decide(session, start, T0))).toBe(code);
  });

  it("R-LIFE-1: starting a live that is already live is idempotent: same state, no provider call", () => {
    const live = run(aSession(), [start]).session;
    const again = decide(live, start, T0 + MIN);
    expect(again.events).toEqual([]);
    expect(again.effects).toEqual([]);
    expect(again.session).toBe(live);
  });

  it("R-LIFE-1: the live can start at any time, long before or after its slot", () => {
    const before = Date.parse("2026-01-01T00:00:00Z");
    const after = Date.parse("2027-01-01T00:00:00Z");
    expect(decide(aSession(), start, before).session.live.phase).toBe("live");
    expect(decide(aSession(), start, after).session.live.phase).toBe("live");
  });

  it("R-AUD-1: with subscriber delivery no HLS broadcast is started", () => {
    const d = decide(aSession(), start, T0, {
      ...defaultDecideOptions,
      audienceDelivery: "subscribers",
    });
    expect(d.effects.map((e) => e.type)).toEqual(["start-recording"]);
    expect(d.session.live.broadcast).toBeNull();
  });
});

describe("decide: stopping the live", () => {
  const liveWithRecording = () =>
    run(aSession(), [
      start,
      started("rec-1"),
      { type: "broadcast-start-succeeded", broadcastId: "b-1", hlsUrl: "https://hls/1.m3u8" },
    ]).session;

  it("R-LIFE-2: a moderator stops the live; recording and broadcast are stopped and the replay starts processing", () => {
    const d = decide(liveWithRecording(), stop, T0 + 10 * MIN);
    expect(d.session.live.phase).toBe("ended");
    expect(d.session.live.endedBy).toBe("p-mod");
    expect(d.effects).toEqual([
      { type: "stop-recording", recordingId: "rec-1" },
      { type: "stop-broadcast", broadcastId: "b-1" },
    ]);
    expect(d.session.live.replay).toBe("processing");
    expect(d.events.map((e) => e.type)).toEqual(["live-stopped", "replay-status"]);
  });

  it("R-LIFE-2: a speaker or an attendee cannot stop the live", () => {
    expect(
      codeOf(() => decide(liveWithRecording(), { type: "stop-live", actor: speaker }, T0)),
    ).toBe("FORBIDDEN");
    expect(
      codeOf(() => decide(liveWithRecording(), { type: "stop-live", actor: attendee }, T0)),
    ).toBe("NOT_A_PARTICIPANT");
  });

  it("R-LIFE-2: stop before the start is refused; stop after the end is idempotent; the end is final", () => {
    expect(codeOf(() => decide(aSession(), stop, T0))).toBe("LIVE_NOT_STARTED");
    const ended = decide(liveWithRecording(), stop, T0).session;
    const again = decide(ended, stop, T0 + MIN);
    expect(again.events).toEqual([]);
    expect(again.effects).toEqual([]);
    expect(codeOf(() => decide(ended, start, T0 + MIN))).toBe("LIVE_ENDED");
  });

  it("R-LIFE-2: a recording whose start answer arrives after the stop is stopped at once", () => {
    const { session } = run(aSession(), [start, stop]);
    const d = decide(session, started("rec-late"), T0);
    expect(d.effects).toContainEqual({ type: "stop-recording", recordingId: "rec-late" });
  });

  it("R-LIFE-2: a recording the provider reports started after the stop (before its start answer) is stopped at once", () => {
    const { session } = run(aSession(), [start, stop]);
    const d = decide(
      session,
      event(recording("rec-late", "started", { name: "onair-ses-1-001" })),
      T0,
    );
    expect(d.effects).toContainEqual({ type: "stop-recording", recordingId: "rec-late" });
    expect(d.session.live.segments[0]?.stopRequestedAt).not.toBeNull();
    // The start answer that follows asks nothing more.
    expect(decide(d.session, started("rec-late"), T0).effects).toEqual([]);
  });
});

describe("decide: the live never stops by itself (R-LIFE-3)", () => {
  const withClients = () =>
    run(aSession(), [
      event(connected("c-mod", "p-mod", "moderator")),
      start,
      started("rec-1"),
      broadcastStarted,
    ]).session;

  it("R-LIFE-6: a broadcast start whose answer never came is asked again after the grace period", () => {
    const pending = run(aSession(), [start, started("rec-1")]).session;
    expect(decide(pending, { type: "tick" }, T0 + 29_000).events).toEqual([]);
    const d = decide(pending, { type: "tick" }, T0 + 30_000);
    expect(d.events.map((e) => e.type)).toEqual(["broadcast-failed", "broadcast-requested"]);
    expect(d.effects).toEqual([{ type: "start-broadcast", stage: pending.live.stage }]);
    expect(d.session.live.broadcast).toMatchObject({
      status: "starting",
      requestedAt: new Date(T0 + 30_000).toISOString(),
    });
  });

  it("R-LIFE-3: not at the session's end time", () => {
    const d = decide(withClients(), { type: "tick" }, Date.parse("2026-03-02T23:00:00Z"));
    expect(d.session.live.phase).toBe("live");
  });

  it("R-LIFE-3: not when the moderator disconnects or refreshes the page", () => {
    const d = decide(
      withClients(),
      event({
        type: "connection-destroyed",
        roomId: ROOM,
        connectionId: "c-mod",
        connectionData: null,
        reason: "clientDisconnected",
        at: T0,
      }),
      T0,
    );
    expect(d.session.live.phase).toBe("live");
    expect(d.effects.filter((e) => e.type === "stop-recording")).toEqual([]);
  });

  it("R-LIFE-3: a recording stopped by the provider (max duration) records a gap and starts a new segment", () => {
    const d = decide(
      withClients(),
      event(recording("rec-1", "stopped", { reason: "maximum duration exceeded" })),
      T0 + 240 * MIN,
    );
    expect(d.session.live.phase).toBe("live");
    expect(d.events.map((e) => e.type)).toEqual([
      "recording-status",
      "recording-gap",
      "recording-requested",
    ]);
    expect(d.session.live.segments.map((s) => [s.index, s.status])).toEqual([
      [1, "stopped"],
      [2, "starting"],
    ]);
    expect(d.effects).toContainEqual(
      expect.objectContaining({
        type: "start-recording",
        segmentIndex: 2,
        name: "onair-ses-1-002",
      }),
    );
  });

  it("R-LIFE-3: after an idle stop with nobody connected, the next segment starts when a client is back", () => {
    const idle = run(withClients(), [
      event({
        type: "connection-destroyed",
        roomId: ROOM,
        connectionId: "c-mod",
        connectionData: null,
        reason: "clientDisconnected",
        at: T0,
      }),
      event(recording("rec-1", "stopped", { reason: "session ended" })),
    ]);
    expect(idle.session.live.phase).toBe("live");
    expect(idle.events.map((e) => e.type)).toContain("recording-gap");
    expect(idle.session.live.segments).toHaveLength(1);
    const back = decide(
      idle.session,
      event(connected("c-mod-2", "p-mod", "moderator")),
      T0 + 5 * MIN,
    );
    expect(back.effects).toContainEqual(
      expect.objectContaining({ type: "start-recording", segmentIndex: 2 }),
    );
  });

  it("R-LIFE-3: a segment is rotated before the provider's maximum duration", () => {
    const d = decide(withClients(), { type: "tick" }, T0 + defaultDecideOptions.segmentMaxMs);
    expect(d.effects.filter((e) => e.type !== "notify")).toEqual([
      { type: "stop-recording", recordingId: "rec-1" },
      expect.objectContaining({ type: "start-recording", segmentIndex: 2 }),
    ]);
  });

  it("R-LIFE-3: a broadcast stopped by the provider is started again while clients are there", () => {
    const live = run(withClients(), [
      { type: "broadcast-start-succeeded", broadcastId: "b-1", hlsUrl: "u" },
    ]).session;
    const d = decide(
      live,
      event({
        type: "broadcast",
        roomId: ROOM,
        broadcastId: "b-1",
        status: "stopped",
        reason: "idle",
        hlsUrl: null,
        at: T0,
      }),
      T0,
    );
    expect(d.effects).toContainEqual(expect.objectContaining({ type: "start-broadcast" }));
  });

  it("R-SEC-1: a repeated delivery of the stop of a broadcast already replaced changes nothing", () => {
    const live = run(withClients(), [
      { type: "broadcast-start-succeeded", broadcastId: "b-1", hlsUrl: "u" },
    ]).session;
    const stop = {
      type: "broadcast",
      roomId: ROOM,
      broadcastId: "b-1",
      status: "stopped",
      reason: "idle",
      hlsUrl: null,
      at: T0 + MIN,
    } as const;
    const stopped = event(stop);
    const restarted = decide(live, stopped, T0 + MIN + 500).session;
    expect(restarted.live.broadcast).toMatchObject({ status: "starting", broadcastId: null });
    const again = decide(restarted, stopped, T0 + MIN + 2_000);
    expect(again.events).toEqual([]);
    expect(again.effects).toEqual([]);
    // A late "started" of the old broadcast is not taken for the new one either.
    const late = decide(
      restarted,
      event({ ...stop, status: "started", hlsUrl: "old", at: T0 }),
      T0 + MIN + 2_000,
    );
    expect(late.events).toEqual([]);
    // The new broadcast's own events apply, whatever the provider's clock says.
    const skewed = decide(
      restarted,
      event({ ...stop, broadcastId: "b-2", status: "started", hlsUrl: "new", at: T0 - 5 * MIN }),
      T0 + MIN + 2_000,
    );
    expect(skewed.session.live.broadcast).toMatchObject({ broadcastId: "b-2", status: "started" });
  });

  it("R-PERM-6: connections are ordered by the provider's clock, not by when their events arrive", () => {
    const newer = decide(
      aSession(),
      event(connected("c-new", "p-spk", "speaker", "g2")),
      T0 + 10_000,
    );
    const late = decide(
      newer.session,
      event({ ...connected("c-old", "p-spk", "speaker", "g1"), at: T0 - 5_000 }),
      T0 + 20_000,
    );
    expect(late.effects).toEqual([
      { type: "disconnect", connectionId: "c-old", reason: "opened-elsewhere" },
    ]);
    expect(late.session.live.connections.map((c) => c.connectionId)).toEqual(["c-new"]);
    // A webhook that arrives a minute late does not make the next, newer connection look older.
    const slow = decide(
      aSession(),
      event({ ...connected("c-1", "p-spk", "speaker", "g1"), at: T0 + 3_000 }),
      T0 + 60_000,
    );
    const next = decide(
      slow.session,
      event({ ...connected("c-2", "p-spk", "speaker", "g2"), at: T0 + 30_000 }),
      T0 + 61_000,
    );
    expect(next.effects).toEqual([
      { type: "disconnect", connectionId: "c-1", reason: "opened-elsewhere" },
    ]);
    expect(next.session.live.connections.map((c) => c.connectionId)).toEqual(["c-2"]);
  });
});

describe("decide: recording statuses and the replay", () => {
  const endedWith = (...ids: string[]) => {
    const commands: LiveCommand[] = [
      event(connected("c-mod", "p-mod", "moderator")),
      start,
      started(ids[0]),
    ];
    ids.slice(1).forEach((id, i) => {
      commands.push(
        event(recording(ids[i] ?? "", "stopped", { reason: "maximum duration exceeded" })),
        started(id, i + 2),
      );
    });
    commands.push(stop);
    return run(aSession(), commands).session;
  };

  it("R-LIFE-4: the replay is processing until every segment is final, then ready", () => {
    const ended = endedWith("rec-1");
    expect(ended.live.replay).toBe("processing");
    const stopped = decide(ended, event(recording("rec-1", "stopped")), T0).session;
    expect(stopped.live.replay).toBe("processing");
    const ready = decide(stopped, event(recording("rec-1", "available")), T0);
    expect(ready.session.live.replay).toBe("ready");
  });

  it("R-LIFE-4: one failed segment out of two gives a partial replay; all failed gives failed with a reason", () => {
    const ended = endedWith("rec-1", "rec-2");
    const partial = run(ended, [
      event(recording("rec-1", "available")),
      event(recording("rec-2", "failed", { reason: "encoder crashed" })),
    ]);
    expect(partial.session.live.replay).toBe("partial");
    const failed = run(ended, [
      event(recording("rec-1", "failed", { reason: "disk" })),
      event(recording("rec-2", "failed", { reason: "disk" })),
    ]);
    expect(failed.session.live.replay).toBe("failed");
    expect(failed.session.live.replayReason).toBe("disk");
    expect(failed.effects).toContainEqual(
      expect.objectContaining({ type: "notify", kind: "replay-failed" }),
    );
  });

  it("R-LIFE-4: a live where nothing could be recorded ends with a failed replay", () => {
    const { session } = run(aSession(), [
      start,
      { type: "recording-start-failed", segmentIndex: 1, reason: "PROVIDER_FAILED" },
      stop,
    ]);
    expect(session.live.replay).toBe("failed");
  });

  it("R-SEC-1: duplicate statuses are ignored and a status never moves backwards (uploaded before stopped)", () => {
    const ended = endedWith("rec-1");
    const uploaded = decide(ended, event(recording("rec-1", "uploaded")), T0);
    expect(uploaded.session.live.replay).toBe("ready");
    const lateStopped = decide(uploaded.session, event(recording("rec-1", "stopped")), T0);
    expect(lateStopped.events).toEqual([]);
    const duplicate = decide(uploaded.session, event(recording("rec-1", "uploaded")), T0);
    expect(duplicate.events).toEqual([]);
  });

  it("R-LIFE-7: a recording available only on the provider's temporary storage is reported to the platform", () => {
    const ended = endedWith("rec-1");
    const d = decide(ended, event(recording("rec-1", "available")), T0);
    expect(d.events.map((e) => e.type)).toContain("replay-temporary-storage");
    expect(d.effects).toContainEqual({
      type: "notify",
      id: "ses-1:2:1",
      kind: "replay-temporary-storage",
      data: { sessionId: "ses-1", segmentIndex: 1, recordingId: "rec-1" },
    });
    const uploaded = decide(ended, event(recording("rec-1", "uploaded")), T0);
    expect(uploaded.effects.filter((e) => e.type === "notify")).toEqual([]);
  });

  it("R-LIFE-6: a recording started before a crash is adopted by its deterministic name", () => {
    const { session } = run(aSession(), [event(connected("c-mod", "p-mod", "moderator")), start]);
    const d = decide(
      session,
      event(recording("rec-x", "started", { name: "onair-ses-1-001" })),
      T0,
    );
    expect(d.session.live.segments[0]).toMatchObject({ recordingId: "rec-x", status: "started" });
    expect(d.events[0]).toMatchObject({ type: "recording-started", reason: "adopted" });
  });

  it("R-SEC-1: events of another room or of unknown recordings change nothing", () => {
    const live = run(aSession(), [start, started()]).session;
    expect(
      decide(live, event({ ...recording("rec-1", "stopped"), roomId: "other" }), T0).events,
    ).toEqual([]);
    expect(decide(live, event(recording("rec-unknown", "stopped")), T0).events).toEqual([]);
  });
});

describe("decide: the stage", () => {
  const live = () =>
    run(aSession(), [
      event(connected("c-mod", "p-mod", "moderator")),
      event(connected("c-spk", "p-spk", "speaker")),
      start,
      started(),
      event(published("s-mod", "c-mod", "p-mod")),
      event(published("s-spk", "c-spk")),
    ]).session;

  it("R-STAGE-1: a speaker who publishes stays backstage until a moderator brings them on", () => {
    const session = live();
    expect(session.live.streams.map((s) => s.streamId)).toEqual(["s-mod", "s-spk"]);
    expect(session.live.stage.streamIds).toEqual([]);
    const d = decide(
      session,
      {
        type: "set-stage",
        actor: moderator,
        stage: { streamIds: ["s-spk"], layout: "grid", focusStreamId: null },
      },
      T0,
    );
    expect(d.session.live.stage.streamIds).toEqual(["s-spk"]);
    expect(d.effects).toEqual([
      { type: "apply-stage", stage: d.session.live.stage, recordingId: "rec-1", broadcastId: null },
    ]);
  });

  it("R-PERM-1: a stream from someone who is not a moderator or speaker never becomes stageable", () => {
    const session = live();
    const stranger = decide(session, event(published("s-x", "c-x", "p-gone")), T0);
    expect(stranger.events).toEqual([]);
    const unknown = decide(
      session,
      event({ ...published("s-y", "c-unknown"), connectionData: null }),
      T0,
    );
    expect(unknown.events).toEqual([]);
    const known = decide(
      session,
      event({ ...published("s-z", "c-spk"), connectionData: null }),
      T0,
    );
    expect(known.session.live.streams.map((s) => s.streamId)).toContain("s-z");
    const stage = { streamIds: ["s-x"], layout: "grid" as const, focusStreamId: null };
    expect(
      codeOf(() => decide(stranger.session, { type: "set-stage", actor: moderator, stage }, T0)),
    ).toBe("INVALID_INPUT");
  });

  it("R-STAGE-1: only a moderator chooses the stage; only published streams can go on it", () => {
    const stage = { streamIds: ["s-spk"], layout: "grid" as const, focusStreamId: null };
    expect(codeOf(() => decide(live(), { type: "set-stage", actor: speaker, stage }, T0))).toBe(
      "FORBIDDEN",
    );
    expect(codeOf(() => decide(live(), { type: "set-stage", actor: attendee, stage }, T0))).toBe(
      "NOT_A_PARTICIPANT",
    );
    expect(
      codeOf(() =>
        decide(
          live(),
          { type: "set-stage", actor: moderator, stage: { ...stage, streamIds: ["nope"] } },
          T0,
        ),
      ),
    ).toBe("INVALID_INPUT");
  });

  it("R-STAGE-2: an on-stage stream that ends leaves the stage and the layout is rebuilt", () => {
    const staged = decide(
      live(),
      {
        type: "set-stage",
        actor: moderator,
        stage: { streamIds: ["s-mod", "s-spk"], layout: "focus", focusStreamId: "s-spk" },
      },
      T0,
    ).session;
    const d = decide(
      staged,
      event({
        type: "stream-destroyed",
        roomId: ROOM,
        streamId: "s-spk",
        connectionId: "c-spk",
        reason: "clientDisconnected",
        at: T0,
      }),
      T0,
    );
    expect(d.session.live.stage).toEqual({
      streamIds: ["s-mod"],
      layout: "focus",
      focusStreamId: "s-mod",
    });
    expect(d.effects).toContainEqual(expect.objectContaining({ type: "apply-stage" }));
    const empty = decide(
      d.session,
      event({
        type: "stream-destroyed",
        roomId: ROOM,
        streamId: "s-mod",
        connectionId: "c-mod",
        reason: null,
        at: T0,
      }),
      T0,
    );
    expect(empty.session.live.stage).toEqual({
      streamIds: [],
      layout: "grid",
      focusStreamId: null,
    });
  });

  it("R-STAGE-2: the stage holds at most the provider's limit of composed videos", () => {
    let session = live();
    for (let i = 0; i < 17; i++)
      session = decide(session, event(published(`x-${i}`, "c-spk")), T0).session;
    const ids = Array.from({ length: 17 }, (_, i) => `x-${i}`);
    expect(
      codeOf(() =>
        decide(
          session,
          {
            type: "set-stage",
            actor: moderator,
            stage: { streamIds: ids, layout: "grid", focusStreamId: null },
          },
          T0,
        ),
      ),
    ).toBe("STAGE_FULL");
    const sixteen = decide(
      session,
      {
        type: "set-stage",
        actor: moderator,
        stage: { streamIds: ids.slice(0, 16), layout: "grid", focusStreamId: null },
      },
      T0,
    );
    expect(sixteen.session.live.stage.streamIds).toHaveLength(16);
  });
});

describe("decide: connections", () => {
  it("R-PERM-6: a second control-room connection of the same person takes over; the older is disconnected", () => {
    const first = decide(aSession(), event(connected("c-1", "p-spk", "speaker", "g1")), T0).session;
    const d = decide(first, event(connected("c-2", "p-spk", "speaker", "g2")), T0);
    expect(d.effects).toContainEqual({
      type: "disconnect",
      connectionId: "c-1",
      reason: "opened-elsewhere",
    });
    expect(d.session.live.connections.map((c) => c.connectionId)).toEqual(["c-2"]);
  });

  it("R-PERM-6: a late delivery of an older connection never takes over the newer one", () => {
    const first = decide(aSession(), event(connected("c-1", "p-spk", "speaker", "g1")), T0).session;
    const newer = { ...connected("c-2", "p-spk", "speaker", "g2"), at: T0 + MIN };
    const second = decide(first, event(newer), T0 + MIN).session;
    const late = decide(second, event(connected("c-1", "p-spk", "speaker", "g1")), T0 + 2 * MIN);
    expect(late.effects).not.toContainEqual(expect.objectContaining({ connectionId: "c-2" }));
    expect(late.session.live.connections.map((c) => c.connectionId)).toEqual(["c-2"]);
  });

  it("R-PERM-5: a connection from someone no longer a participant (or whose role changed) is disconnected", () => {
    const d = decide(aSession(), event(connected("c-9", "p-gone", "speaker")), T0);
    expect(d.effects).toEqual([
      { type: "disconnect", connectionId: "c-9", reason: "access-revoked" },
    ]);
    const roleChanged = decide(aSession(), event(connected("c-8", "p-spk", "moderator")), T0);
    expect(roleChanged.effects).toEqual([
      { type: "disconnect", connectionId: "c-8", reason: "access-revoked" },
    ]);
  });
});

describe("decide: idle alert (R-LIFE-8)", () => {
  it("R-LIFE-8: a live with nobody publishing for 15 minutes raises one alert", () => {
    const live = run(aSession(), [start, broadcastStarted]).session;
    expect(decide(live, { type: "tick" }, T0 + 14 * MIN).events).toEqual([]);
    const alert = decide(live, { type: "tick" }, T0 + 15 * MIN);
    expect(alert.events.map((e) => e.type)).toEqual(["idle-alert"]);
    expect(alert.effects).toEqual([
      {
        type: "notify",
        id: "ses-1:2:1",
        kind: "idle-alert",
        data: { sessionId: "ses-1", idleMs: 15 * MIN },
      },
    ]);
    expect(decide(alert.session, { type: "tick" }, T0 + 30 * MIN).events).toEqual([]);
  });

  it("R-LIFE-8: someone publishing keeps the alert away; the threshold is configurable", () => {
    const live = run(aSession(), [start, broadcastStarted, event(published("s-1", "c-1"))]).session;
    expect(decide(live, { type: "tick" }, T0 + 60 * MIN).events).toEqual([]);
    const bare = run(aSession(), [start, broadcastStarted]).session;
    const short = decide(bare, { type: "tick" }, T0 + 2 * MIN, {
      ...defaultDecideOptions,
      idleAlertMs: 2 * MIN,
    });
    expect(short.events.map((e) => e.type)).toEqual(["idle-alert"]);
  });
});
