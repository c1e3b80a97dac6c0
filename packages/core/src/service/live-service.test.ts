import { describe, expect, it } from "vitest";
import { aSession, connected, data, published, ROOM, T0 } from "../../test/fixtures.js";
import { rejection } from "../../test/rejection.js";
import { both, harness, mod, spk, stranger } from "../../test/service-harness.js";
import { LiveError } from "../errors.js";
import { decodeConnectionData } from "../lifecycle/connection-data.js";
import type { SessionStore } from "../ports/session-store.js";
import { troubleshootingItems } from "../preflight/troubleshooting.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { createLiveService } from "./live-service.js";

describe("join", () => {
  it("R-PERM-3: everyone enters the control room with the camera off, backstage, microphone on", async () => {
    const h = harness();
    await h.seed();
    const grant = await h.service.join("ses-1", spk);
    expect(grant).toMatchObject({
      camera: "off",
      microphone: "on",
      onStage: false,
      role: "speaker",
      connection: { provider: "mock", roomId: ROOM },
    });
    expect(grant.capabilities).not.toContain("live:start");
  });

  it("R-PERM-1: provider roles follow the permission model; a person with both roles is a moderator", async () => {
    const h = harness();
    await h.seed();
    expect((await h.service.join("ses-1", mod)).providerRole).toBe("moderator");
    expect((await h.service.join("ses-1", spk)).providerRole).toBe("publisher");
    const grant = await h.service.join("ses-1", both);
    expect(grant.providerRole).toBe("moderator");
    expect(grant.roles).toEqual(["moderator", "speaker"]);
  });

  it("R-SES-4: the logged-in email matches after trimming, case and Unicode normalization", async () => {
    const h = harness();
    await h.seed();
    expect((await h.service.join("ses-1", { email: "  MOD@Example.COM " })).role).toBe("moderator");
    const lookalike = await rejection(h.service.join("ses-1", { email: "mоd@example.com" })); // Cyrillic о
    expect(lookalike.code).toBe("NOT_A_PARTICIPANT");
  });

  it("R-PERM-2: a non-participant is refused with the troubleshooting advice, wrong email first, revealing no participant", async () => {
    const h = harness();
    await h.seed();
    const error = await rejection(h.service.join("ses-1", stranger));
    expect(error.code).toBe("NOT_A_PARTICIPANT");
    expect(error.advice.map((a) => a.code)).toEqual(troubleshootingItems.map((a) => a.code));
    expect(JSON.stringify(error.toJSON())).not.toMatch(/mod@|speaker@|both@/);
  });

  it("R-PERM-5: a grant is short-lived and every (re)connect gets a fresh token", async () => {
    const h = harness({ tokenTtlMs: 120_000 });
    await h.seed();
    const first = await h.service.join("ses-1", spk);
    const second = await h.service.join("ses-1", spk);
    expect(first.expiresAt).toBe(h.now() + 120_000);
    expect(second.connection.token).not.toBe(first.connection.token);
    expect(second.grantId).not.toBe(first.grantId);
  });

  it("R-DATA-1: no email goes to the provider: connection data is an opaque id", async () => {
    const h = harness();
    await h.seed();
    await h.service.join("ses-1", spk);
    const request = h.fake.callsTo("issueToken")[0]?.args[1] as { connectionData: string };
    expect(JSON.stringify(h.fake.calls)).not.toContain("@");
    expect(decodeConnectionData(request.connectionData)).toMatchObject({
      personKey: "p-spk",
      role: "speaker",
    });
  });

  it("creates the provider room once, on first need, even for simultaneous first joins", async () => {
    const h = harness();
    await h.seed(aSession({ live: { roomId: null } }));
    const grants = await Promise.all([
      h.service.join("ses-1", spk),
      h.service.join("ses-1", mod),
      h.service.startLive("ses-1", mod),
    ]);
    await h.service.join("ses-1", mod);
    expect((await h.service.getSession("ses-1")).live.roomId).toBe(ROOM);
    expect(grants[0].connection.roomId).toBe(ROOM);
    expect(grants[1].connection.roomId).toBe(ROOM);
    expect(h.fake.callsTo("createRoom")).toHaveLength(1);
    const history = await h.service.history("ses-1");
    expect(history.filter((e) => e.type === "room-created")).toHaveLength(1);
  });

  it("R-AUD-1: attendees get a subscriber grant only when the audience watches as subscribers", async () => {
    const hls = harness();
    await hls.seed();
    expect((await rejection(hls.service.join("ses-1", null))).code).toBe("UNAUTHORIZED");
    const subs = harness({ audienceDelivery: "subscribers" });
    await subs.seed();
    const grant = await subs.service.join("ses-1", null);
    expect(grant).toMatchObject({ role: "attendee", providerRole: "subscriber" });
    expect(grant.capabilities).toEqual(["live:watch"]);
  });

  it("R-AUD-2: a caller the platform keeps out of the audience gets nothing created or signed", async () => {
    const h = harness({ audienceDelivery: "subscribers" });
    await h.seed(aSession({ live: { roomId: null } }));
    const error = await rejection(h.service.join("ses-1", stranger, { audience: false }));
    expect(error.code).toBe("NOT_A_PARTICIPANT");
    expect(h.fake.calls).toEqual([]);
    // Participants still enter the control room.
    expect((await h.service.join("ses-1", spk, { audience: false })).role).toBe("speaker");
  });
});

describe("starting and stopping", () => {
  it("R-LIFE-5: two moderators pressing start at once give one start at the provider", async () => {
    const h = harness();
    await h.seed();
    await Promise.all([
      h.service.startLive("ses-1", mod),
      h.service.startLive("ses-1", both),
      h.service.startLive("ses-1", mod),
    ]);
    expect(h.fake.callsTo("startRecording")).toHaveLength(1);
    expect(h.fake.callsTo("startBroadcast")).toHaveLength(1);
    const history = await h.service.history("ses-1");
    expect(history.filter((e) => e.type === "live-started")).toHaveLength(1);
  });

  it("R-LIFE-1: a refused start of a session that is not a live stream creates nothing at the provider", async () => {
    const h = harness();
    await h.seed(aSession({ streamType: "video", live: { roomId: null } }));
    expect((await rejection(h.service.startLive("ses-1", mod))).code).toBe("NOT_LIVE_STREAM");
    expect(h.fake.calls).toEqual([]);
    const history = await h.service.history("ses-1");
    expect(history.filter((e) => e.type === "room-created")).toEqual([]);
  });

  it("R-LIFE-5: start and stop racing give a consistent history", async () => {
    const h = harness();
    await h.seed();
    const results = await Promise.allSettled([
      h.service.startLive("ses-1", mod),
      h.service.stopLive("ses-1", both),
    ]);
    const session = await h.service.getSession("ses-1");
    const types = (await h.service.history("ses-1")).map((e) => e.type);
    if (results[1].status === "fulfilled") {
      expect(session.live.phase).toBe("ended");
      expect(types.indexOf("live-started")).toBeLessThan(types.indexOf("live-stopped"));
    } else {
      expect((results[1].reason as LiveError).code).toBe("LIVE_NOT_STARTED");
      expect(session.live.phase).toBe("live");
    }
  });

  it("R-PERM-5: a moderator removed while their start is being saved is judged on the new state", async () => {
    const h = harness();
    const seeded = await h.seed();
    const update = h.store.update;
    let raced = false;
    h.store.update = async (session, expected, history) => {
      if (!raced) {
        raced = true;
        // The back office removes the moderator between the start's read and its write.
        const participants = seeded.participants.filter((p) => p.email !== "mod@example.com");
        await update({ ...seeded, participants, version: 2 }, 1, []);
      }
      return update(session, expected, history);
    };
    const error = await rejection(h.service.startLive("ses-1", mod));
    expect(error.code).toBe("NOT_A_PARTICIPANT");
    expect((await h.service.getSession("ses-1")).live.phase).toBe("scheduled");
    expect(h.fake.callsTo("startRecording")).toEqual([]);
  });

  it("R-LIFE-5: every transition is recorded with who, when and why", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    h.advance(60_000);
    await h.service.stopLive("ses-1", both);
    const history = await h.service.history("ses-1");
    const started = history.find((e) => e.type === "live-started");
    const stopped = history.find((e) => e.type === "live-stopped");
    expect(started).toMatchObject({
      actor: { kind: "person", personKey: "p-mod" },
      at: "2026-03-02T09:00:00.000Z",
    });
    expect(stopped).toMatchObject({
      actor: { kind: "person", personKey: "p-both" },
      at: "2026-03-02T09:01:00.000Z",
    });
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
  });

  it("R-LIFE-6: the intent is saved before the provider is called", async () => {
    const h = harness();
    await h.seed();
    const seen: string[] = [];
    const original = h.fake.provider.startRecording;
    h.fake.provider.startRecording = async (roomId, options) => {
      const stored = await h.store.get("ses-1");
      seen.push(
        `${stored?.live.phase}:${stored?.live.segments[0]?.status}:${stored?.live.segments[0]?.name}`,
      );
      return original(roomId, options);
    };
    await h.service.startLive("ses-1", mod);
    expect(seen).toEqual(["live:starting:onair-ses-1-001"]);
  });

  it("R-LIFE-6: a provider error leaves a state that reconcile completes; a crash is adopted by name", async () => {
    const h = harness();
    await h.seed();
    h.fake.failNext("startRecording");
    const live = await h.service.startLive("ses-1", mod);
    expect(live.live.phase).toBe("live");
    expect(live.live.segments[0]).toMatchObject({ status: "failed", recordingId: null });
    // A client connects: the provider allows recording again and a new segment starts.
    await h.service.handleProviderEvent(connected("c-1", "p-mod", "moderator"));
    const resumed = await h.service.getSession("ses-1");
    expect(resumed.live.segments.map((s) => s.status)).toEqual(["failed", "started"]);

    // A start that timed out on our side although the provider started it is adopted by name.
    const timedOut = harness();
    await timedOut.seed();
    timedOut.fake.provider.startRecording = (() => {
      const original = timedOut.fake.provider.startRecording;
      return async (roomId, options) => {
        await original(roomId, options);
        throw new LiveError("PROVIDER_FAILED", "timed out", { retriable: true });
      };
    })();
    await timedOut.service.startLive("ses-1", mod);
    expect((await timedOut.service.reconcile("ses-1")).live.segments[0]).toMatchObject({
      status: "started",
      recordingId: "rec-1",
    });

    // Crash: the provider started the recording but the process died before saving its id.
    const crashed = harness();
    await crashed.seed();
    const update = crashed.store.update;
    crashed.store.update = async (session, expected, history) => {
      if (crashed.fake.callsTo("startRecording").length > 0) throw new Error("process killed");
      return update(session, expected, history);
    };
    await expect(crashed.service.startLive("ses-1", mod)).rejects.toMatchObject({
      code: "STORE_FAILED",
    });
    crashed.store.update = update;
    const before = await crashed.service.getSession("ses-1");
    expect(before.live.segments[0]?.recordingId).toBeNull();
    const repaired = await crashed.service.reconcile("ses-1");
    expect(repaired.live.segments[0]).toMatchObject({ status: "started", recordingId: "rec-1" });
  });

  it("R-LIFE-6: reconcile finishes a replay whose final status never arrived", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    h.fake.setStatus("rec-1", "available");
    const done = await h.service.reconcile("ses-1");
    expect(done.live.replay).toBe("ready");
  });

  it("R-LIFE-6: a stop that failed at the provider is sent again by reconcile, once, after a grace period", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    h.fake.failNext("stopRecording");
    const ended = await h.service.stopLive("ses-1", mod);
    expect(ended.live.phase).toBe("ended");
    expect(h.fake.recordings.get("rec-1")?.status).toBe("started");
    await Promise.all([h.service.reconcile("ses-1"), h.service.reconcile("ses-1")]);
    expect(h.fake.callsTo("stopRecording")).toHaveLength(1); // the first stop may still be in flight
    h.advance(31_000);
    await Promise.all([h.service.reconcile("ses-1"), h.service.reconcile("ses-1")]);
    expect(h.fake.callsTo("stopRecording")).toHaveLength(2);
    expect(h.fake.recordings.get("rec-1")?.status).toBe("stopped");
    const history = await h.service.history("ses-1");
    expect(history.filter((e) => e.type === "recording-stop-requested")).toHaveLength(1);
  });

  it("R-LIFE-3: the live does not stop when the moderator leaves, and a provider stop starts a new segment", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-1", "p-mod", "moderator"));
    await h.service.startLive("ses-1", mod);
    // The moderator refreshes the page: the old connection ends, a new one opens.
    await h.service.handleProviderEvent({
      type: "connection-destroyed",
      roomId: ROOM,
      connectionId: "c-1",
      connectionData: data("p-mod", "moderator"),
      reason: "clientDisconnected",
      at: T0 + 1,
    });
    expect((await h.service.getSession("ses-1")).live.phase).toBe("live");
    expect(h.fake.callsTo("stopRecording")).toHaveLength(0);
    await h.service.handleProviderEvent({ ...connected("c-2", "p-mod", "moderator"), at: T0 + 2 });
    await h.service.handleProviderEvent(
      h.fake.setStatus("rec-1", "stopped", "maximum duration exceeded"),
    );
    const session = await h.service.getSession("ses-1");
    expect(session.live.phase).toBe("live");
    expect(session.live.segments.map((s) => [s.index, s.status])).toEqual([
      [1, "stopped"],
      [2, "started"],
    ]);
    expect((await h.service.history("ses-1")).map((e) => e.type)).toContain("recording-gap");
  });

  it("R-LIFE-8: an idle live alerts the platform through the notification hook and the log", async () => {
    const h = harness({ idleAlertMs: 60_000 });
    await h.seed();
    await h.service.startLive("ses-1", mod);
    h.advance(61_000);
    await h.service.tick("ses-1");
    expect(h.notifications).toEqual([
      {
        id: "ses-1:5:1",
        kind: "idle-alert",
        sessionId: "ses-1",
        data: { sessionId: "ses-1", idleMs: 61_000 },
      },
    ]);
    expect(JSON.stringify(h.logs)).toContain("idle-alert");
  });
});

describe("ticking every live session", () => {
  it("R-LIFE-8: tickAll raises the idle alert of lives started on any instance, and skips ended ones", async () => {
    const a = harness({ idleAlertMs: 60_000 });
    await a.seed();
    // A second instance on the same store and change feed.
    const b = createLiveService({
      store: a.store,
      provider: a.fake.provider,
      changes: a.changes,
      clock: { now: a.now },
      idleAlertMs: 60_000,
      onNotification: (n) => void a.notifications.push(n),
    });
    expect(await b.tickAll()).toBe(0);
    await a.service.startLive("ses-1", mod);
    a.advance(61_000);
    expect(await b.tickAll()).toBe(1);
    expect(a.notifications.map((n) => n.kind)).toEqual(["idle-alert"]);
    expect(await b.tickAll()).toBe(1); // still live, but alerted once only
    expect(a.notifications).toHaveLength(1);
    await a.service.stopLive("ses-1", mod);
    expect(await b.tickAll()).toBe(0);
    expect(await a.service.tickAll()).toBe(0);
  });

  it("R-LIFE-8: a session already live when the instance starts (a restart) is ticked too", async () => {
    const h = harness({ idleAlertMs: 60_000 });
    await h.seed(
      aSession({
        live: {
          phase: "live",
          startedAt: "2026-03-02T09:00:00.000Z",
          lastPublishingAt: "2026-03-02T09:00:00.000Z",
        },
      }),
    );
    // The service was created after the start: it saw no change, the store tells it.
    h.advance(61_000);
    expect(await h.service.tickAll()).toBe(1);
    expect(h.notifications.map((n) => n.kind)).toEqual(["idle-alert"]);
  });
});

describe("audience and replay", () => {
  it("R-AUD-2: drafts do not exist for the audience; views carry the server time", async () => {
    const h = harness();
    await h.seed(aSession({ status: "draft" }));
    expect((await rejection(h.service.audience("ses-1"))).code).toBe("SESSION_NOT_FOUND");
    const p = harness();
    await p.seed();
    const view = await p.service.audience("ses-1");
    expect(view).toMatchObject({ screen: "waiting", serverTime: p.now(), phase: "scheduled" });
  });

  it("R-AUD-1: the HLS playback URL is shown only once the broadcast plays", async () => {
    const h = harness();
    await h.seed();
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    h.fake.provider.startBroadcast = async () => {
      await answered;
      return { id: "b-1", hlsUrl: "https://hls.example/b-1.m3u8", status: "started" };
    };
    const starting = h.service.startLive("ses-1", mod);
    // While the broadcast is starting, the live is on but no URL is shown yet.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = await h.service.audience("ses-1");
    expect(before.screen).toBe("live");
    expect(before.hlsUrl).toBeNull();
    answer();
    await starting;
    const view = await h.service.audience("ses-1");
    expect(view).toMatchObject({
      screen: "live",
      hlsUrl: "https://hls.example/b-1.m3u8",
      holdingSlate: true,
    });
    await h.service.stopLive("ses-1", mod);
    expect((await h.service.audience("ses-1")).hlsUrl).toBeNull();
  });

  it("R-LIFE-4: attendees wait while the replay processes, then get a fresh link each time (R-LIFE-7)", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    expect((await h.service.audience("ses-1")).screen).toBe("replay-processing");
    expect((await rejection(h.service.replayLink("ses-1"))).code).toBe("REPLAY_NOT_READY");
    await h.service.handleProviderEvent(h.fake.setStatus("rec-1", "available"));
    const view = await h.service.audience("ses-1");
    expect(view).toMatchObject({
      screen: "replay",
      replay: "ready",
      replayPath: "/sessions/ses-1/replay",
    });
    const first = await h.service.replayLink("ses-1");
    const second = await h.service.replayLink("ses-1");
    expect(first.segments).toHaveLength(1);
    expect(first.segments[0]?.url).not.toBe(second.segments[0]?.url);
    expect(h.notifications.map((n) => n.kind)).toContain("replay-temporary-storage");
  });

  it("R-LIFE-4: a failed replay shows 'unavailable' and the platform gets the reason", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    await h.service.handleProviderEvent(h.fake.setStatus("rec-1", "failed", "encoding error"));
    expect((await h.service.audience("ses-1")).screen).toBe("replay-unavailable");
    expect((await rejection(h.service.replayLink("ses-1"))).code).toBe("REPLAY_UNAVAILABLE");
    expect(h.notifications).toContainEqual({
      id: "ses-1:8:1",
      kind: "replay-failed",
      sessionId: "ses-1",
      data: { sessionId: "ses-1", reason: "encoding error" },
    });
  });

  it("subscribers receive each new audience view once, in order", async () => {
    const h = harness();
    await h.seed();
    const screens: string[] = [];
    const stop = h.service.subscribe("ses-1", (view) => screens.push(view.screen));
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    expect(screens[0]).toBe("live");
    expect(screens.at(-1)).toBe("replay-processing");
  });

  it("R-AUD-2: subscribers get no view of a session moved back to draft", async () => {
    const h = harness();
    await h.seed();
    const titles: string[] = [];
    const stop = h.service.subscribe("ses-1", (view) => titles.push(view.title));
    await h.service.unpublishSession("ses-1");
    await h.service.updateSession("ses-1", { title: "Draft: not announced yet" });
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    expect(titles).toEqual([]);
  });
});

describe("the stage for subscriber audiences", () => {
  it("R-STAGE-1: with subscriber delivery the audience view names the on-stage streams, and only those", async () => {
    for (const audienceDelivery of ["subscribers", "hls"] as const) {
      const h = harness({ audienceDelivery });
      await h.seed();
      await h.service.handleProviderEvent(connected("c-1", "p-spk", "speaker"));
      await h.service.handleProviderEvent(published("s-1", "c-1"));
      await h.service.handleProviderEvent(connected("c-2", "p-mod", "moderator"));
      await h.service.handleProviderEvent(published("s-2", "c-2", "p-mod"));
      expect((await h.service.audience("ses-1")).stage).toBeNull(); // not live yet
      await h.service.startLive("ses-1", mod);
      await h.service.setStage("ses-1", mod, { streamIds: ["s-2"], layout: "focus" });
      const view = await h.service.audience("ses-1");
      if (audienceDelivery === "hls") expect(view.stage).toBeNull();
      else
        expect(view.stage).toEqual({ streamIds: ["s-2"], layout: "focus", focusStreamId: "s-2" });
    }
  });
});

describe("permissions on every command (R-PERM-1)", () => {
  it("R-PERM-1: speakers and strangers cannot start, stop, set the stage or see presence", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-1", "p-spk", "speaker"));
    await h.service.handleProviderEvent(published("s-1", "c-1"));
    const stage = { streamIds: ["s-1"], layout: "grid" as const };
    for (const who of [spk, stranger]) {
      const expected = who === spk ? "FORBIDDEN" : "NOT_A_PARTICIPANT";
      expect((await rejection(h.service.startLive("ses-1", who))).code).toBe(expected);
      expect((await rejection(h.service.setStage("ses-1", who, stage))).code).toBe(expected);
      expect((await rejection(h.service.presence("ses-1", who))).code).toBe(expected);
    }
    await h.service.startLive("ses-1", mod);
    expect((await rejection(h.service.stopLive("ses-1", spk))).code).toBe("FORBIDDEN");
    expect(h.fake.callsTo("startRecording")).toHaveLength(1);
    expect(h.fake.callsTo("stopRecording")).toHaveLength(0);
  });

  it("R-PERM-6: presence counts people, not connections, by role, for moderators only", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-1", "p-spk", "speaker", "g1"));
    await h.service.handleProviderEvent(connected("c-2", "p-spk", "speaker", "g2"));
    await h.service.handleProviderEvent(connected("c-3", "p-mod", "moderator"));
    await h.service.touchAudience("ses-1", "viewer-1", "sse-1");
    await h.service.touchAudience("ses-1", "viewer-1", "sse-2");
    expect(await h.service.presence("ses-1", mod)).toEqual({
      moderators: 1,
      speakers: 1,
      audience: 1,
    });
    expect(h.fake.callsTo("disconnect").map((c) => c.args[1])).toEqual(["c-1"]);
  });

  it("R-PERM-6: audience renewals made in one turn are saved together, per session", async () => {
    const inner = createInMemoryStore();
    const batches: { sessionId: string; connections: string[] }[] = [];
    const store: SessionStore = {
      ...inner,
      touchPresenceMany(sessionId, leases, now) {
        batches.push({ sessionId, connections: leases.map((lease) => lease.connectionId) });
        return inner.touchPresenceMany(sessionId, leases, now);
      },
    };
    const h = harness({ store });
    await h.seed();
    await h.seed(aSession({ id: "ses-2" }));
    await Promise.all([
      ...Array.from({ length: 500 }, (_, i) =>
        h.service.touchAudience("ses-1", `viewer-${i}`, `sse-${i}`),
      ),
      h.service.touchAudience("ses-2", "viewer-x", "sse-x"),
    ]);
    expect(batches.map((b) => [b.sessionId, b.connections.length])).toEqual([
      ["ses-1", 500],
      ["ses-2", 1],
    ]);
    expect((await h.service.presence("ses-1", mod)).audience).toBe(500);
    // A later turn is a new batch.
    await h.service.touchAudience("ses-1", "viewer-0", "sse-0");
    expect(batches).toHaveLength(3);

    const failing = harness({
      store: {
        ...createInMemoryStore(),
        touchPresenceMany: () => Promise.reject(new Error("connection reset")),
      },
    });
    await failing.seed();
    const outcomes = await Promise.allSettled([
      failing.service.touchAudience("ses-1", "viewer-1", "sse-1"),
      failing.service.touchAudience("ses-1", "viewer-2", "sse-2"),
    ]);
    expect(
      outcomes.map((r) => (r.status === "rejected" ? (r.reason as LiveError).code : r.status)),
    ).toEqual(["STORE_FAILED", "STORE_FAILED"]);
  });

  it("R-PERM-4: content is validated by its bytes, for participants only", async () => {
    const h = harness();
    await h.seed();
    const pdf = new TextEncoder().encode("%PDF-1.7\n");
    expect(
      await h.service.validateContent("ses-1", spk, { headBytes: pdf, size: 1000 }),
    ).toMatchObject({ kind: "pdf" });
    expect(
      (
        await rejection(
          h.service.validateContent("ses-1", stranger, { headBytes: pdf, size: 1000 }),
        )
      ).code,
    ).toBe("NOT_A_PARTICIPANT");
    const html = new TextEncoder().encode("<html>");
    expect(
      (await rejection(h.service.validateContent("ses-1", spk, { headBytes: html, size: 6 }))).code,
    ).toBe("UNSUPPORTED_CONTENT");
  });

  it("R-SEC-1: provider events for unknown rooms are acknowledged and ignored", async () => {
    const h = harness();
    await h.seed();
    await expect(
      h.service.handleProviderEvent({
        ...connected("c-1", "p-mod", "moderator"),
        roomId: "elsewhere",
      }),
    ).resolves.toBeUndefined();
    expect((await h.service.getSession("ses-1")).version).toBe(1);
  });
});

describe("back office", () => {
  it("R-PERM-5: a participant removed while connected is disconnected by the provider", async () => {
    const h = harness();
    await h.seed();
    await h.service.handleProviderEvent(connected("c-7", "p-spk", "speaker"));
    await h.service.removeParticipant("ses-1", { email: "Speaker@example.com", role: "speaker" });
    expect(h.fake.callsTo("disconnect").map((c) => c.args[1])).toEqual(["c-7"]);
    expect((await rejection(h.service.join("ses-1", spk))).code).toBe("NOT_A_PARTICIPANT");
  });

  it("R-PERM-5: a live session cannot be deleted, unpublished or switched to another stream type", async () => {
    const h = harness();
    await h.seed();
    await h.service.startLive("ses-1", mod);
    expect((await rejection(h.service.deleteSession("ses-1"))).code).toBe("LIVE_IN_PROGRESS");
    expect((await rejection(h.service.unpublishSession("ses-1"))).code).toBe("LIVE_IN_PROGRESS");
    expect((await rejection(h.service.updateSession("ses-1", { streamType: "video" }))).code).toBe(
      "LIVE_IN_PROGRESS",
    );
  });

  it("R-DATA-1: recordings past their configurable retention are deleted at the provider", async () => {
    const day = 24 * 60 * 60_000;
    const h = harness({ recordingRetentionMs: 30 * day });
    await h.seed();
    await h.service.startLive("ses-1", mod);
    await h.service.stopLive("ses-1", mod);
    await h.service.handleProviderEvent(h.fake.setStatus("rec-1", "available"));
    h.advance(29 * day);
    expect((await h.service.applyRetention("ses-1")).live.replay).toBe("ready");
    expect(h.fake.callsTo("deleteRecording")).toEqual([]);
    h.advance(day);
    const expired = await h.service.applyRetention("ses-1");
    expect(h.fake.callsTo("deleteRecording").map((c) => c.args[0])).toEqual(["rec-1"]);
    expect(expired.live.segments[0]).toMatchObject({ status: "expired", reason: "retention" });
    expect(expired.live.replay).toBe("failed");
    expect((await h.service.audience("ses-1")).screen).toBe("replay-unavailable");
    expect(h.notifications.map((n) => n.kind)).toContain("recordings-deleted");
    // Running it again deletes nothing more.
    await h.service.applyRetention("ses-1");
    expect(h.fake.callsTo("deleteRecording")).toHaveLength(1);
  });

  it("R-DATA-1: without a retention, recordings are kept; a provider failure leaves them to try again", async () => {
    const kept = harness();
    await kept.seed();
    await kept.service.startLive("ses-1", mod);
    await kept.service.stopLive("ses-1", mod);
    await kept.service.handleProviderEvent(kept.fake.setStatus("rec-1", "available"));
    kept.advance(365 * 24 * 60 * 60_000);
    expect((await kept.service.applyRetention("ses-1")).live.replay).toBe("ready");

    const flaky = harness({ recordingRetentionMs: 1 });
    await flaky.seed();
    await flaky.service.startLive("ses-1", mod);
    await flaky.service.stopLive("ses-1", mod);
    await flaky.service.handleProviderEvent(flaky.fake.setStatus("rec-1", "available"));
    flaky.advance(10);
    flaky.fake.failNext("deleteRecording");
    expect((await rejection(flaky.service.applyRetention("ses-1"))).code).toBe("PROVIDER_FAILED");
    expect((await flaky.service.getSession("ses-1")).live.replay).toBe("ready");
    expect((await flaky.service.applyRetention("ses-1")).live.replay).toBe("failed");
  });

  it("R-PERM-5: a start and a delete racing never delete a live session", async () => {
    for (let i = 0; i < 20; i++) {
      const h = harness();
      await h.seed();
      const [deleted, started] = await Promise.allSettled([
        h.service.deleteSession("ses-1"),
        h.service.startLive("ses-1", mod),
      ]);
      if (deleted.status === "fulfilled") {
        expect((await rejection(h.service.getSession("ses-1"))).code).toBe("SESSION_NOT_FOUND");
        expect(h.fake.callsTo("startRecording")).toEqual([]);
      } else {
        expect((deleted.reason as LiveError).code).toBe("LIVE_IN_PROGRESS");
        expect(started.status).toBe("fulfilled");
        expect((await h.service.getSession("ses-1")).live.phase).toBe("live");
      }
    }
  });

  it("R-DATA-1: deleting a session deletes its recordings at the provider and pseudonymises its history", async () => {
    const h = harness();
    const created = await h.service.createSession({
      title: "Panel",
      startsAt: "2026-03-02T09:00:00Z",
      endsAt: "2026-03-02T10:00:00Z",
      timeZone: "Europe/Paris",
      participants: [{ email: "Alice@Example.com", role: "moderator" }],
    });
    await h.service.publishSession(created.id);
    await h.service.join(created.id, { email: "alice@example.com" });
    await h.service.startLive(created.id, { email: "alice@example.com" });
    const ended = await h.service.stopLive(created.id, { email: "alice@example.com" });
    // The replay is processed first: a recording still processing is not deleted yet.
    const recordingId = ended.live.segments[0]?.recordingId ?? "";
    await h.service.handleProviderEvent(h.fake.setStatus(recordingId, "available"));
    expect(JSON.stringify(await h.service.history(created.id))).toContain("alice@example.com");
    await h.service.deleteSession(created.id, { adminId: "admin-1" });
    expect(h.fake.callsTo("deleteRecording")).toHaveLength(1);
    expect(h.fake.recordings.size).toBe(0);
    expect((await rejection(h.service.getSession(created.id))).code).toBe("SESSION_NOT_FOUND");
    const history = await h.service.history(created.id);
    expect(history.at(-1)?.type).toBe("session-deleted");
    expect(JSON.stringify(history)).not.toContain("@");
  });

  it("R-SES-3: publishing without a moderator fails with NO_MODERATOR", async () => {
    const h = harness();
    const created = await h.service.createSession({
      title: "Talk",
      startsAt: "2026-03-02T09:00:00Z",
      endsAt: "2026-03-02T10:00:00Z",
      timeZone: "Europe/Paris",
      participants: [{ email: "bob@example.com", role: "speaker" }],
    });
    expect((await rejection(h.service.publishSession(created.id))).code).toBe("NO_MODERATOR");
  });

  it("store failures become STORE_FAILED, retriable, with no internal detail", async () => {
    const h = harness();
    await h.seed();
    h.store.get = async () => {
      throw new Error("connection refused to 10.0.0.5:5432 password=secret");
    };
    const error = await rejection(h.service.audience("ses-1"));
    expect(error.code).toBe("STORE_FAILED");
    expect(error.retriable).toBe(true);
    expect(error.message).not.toContain("secret");
  });
});
