import type { ProviderEvent, ProviderStage } from "@onair/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectLiveError } from "../expect-live-error.js";
import { createTestClock } from "../test-clock.js";
import type { MockLiveProvider } from "./mock-live-provider.js";
import { createMockLiveProvider, mockStopReasons } from "./mock-live-provider.js";
import { decodeMockToken } from "./mock-token.js";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const grid = (streamIds: readonly string[] = []): ProviderStage => ({
  streamIds,
  layout: "grid",
  focusStreamId: null,
});

/** The recording events of one recording as [status, reason, at offset from t0]. */
const recordingTrail = (events: readonly ProviderEvent[], recordingId: string, t0: number) =>
  events.flatMap((event) =>
    event.type === "recording" && event.recordingId === recordingId
      ? [[event.status, event.reason, event.at - t0]]
      : [],
  );

describe("createMockLiveProvider", () => {
  let mock: MockLiveProvider;
  let t0: number;

  beforeEach(() => {
    mock = createMockLiveProvider();
    t0 = mock.clock.now();
  });

  afterEach(() => {
    mock.dispose();
  });

  /** A room with one publishing client. */
  const busyRoom = async () => {
    const { roomId } = await mock.createRoom("ses_1");
    const connectionId = mock.connect(roomId, { connectionData: "pk_mod" });
    const streamId = mock.publish(roomId, connectionId);
    return { roomId, connectionId, streamId };
  };

  describe("tokens", () => {
    it("R-PERM-1: encodes the room, roles and connection data in a readable token", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const expiresAt = t0 + 5 * minute;
      const grant = await mock.issueToken(roomId, {
        role: "speaker",
        connectionData: "pk_1",
        expiresAt,
      });
      expect(grant).toMatchObject({
        providerRole: "publisher",
        connection: { provider: "mock", applicationId: "mock-app", roomId },
      });
      expect(grant.connection.token.startsWith("mock.")).toBe(true);
      expect(decodeMockToken(grant.connection.token)).toMatchObject({
        roomId,
        role: "speaker",
        providerRole: "publisher",
        connectionData: "pk_1",
        expiresAt,
        applicationId: "mock-app",
      });
    });

    it("uses the configured application id", async () => {
      const other = createMockLiveProvider({ applicationId: "app-42" });
      const { roomId } = await other.createRoom("ses_1");
      const grant = await other.issueToken(roomId, {
        role: "attendee",
        connectionData: "a_1",
        expiresAt: other.clock.now() + minute,
      });
      expect(grant.connection.applicationId).toBe("app-42");
      expect(decodeMockToken(grant.connection.token).providerRole).toBe("subscriber");
    });

    it("R-DATA-1: refuses connection data that holds an email", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const error = await expectLiveError(
        mock.issueToken(roomId, {
          role: "speaker",
          connectionData: '{"who":"speaker@example.com"}',
          expiresAt: t0 + minute,
        }),
        "PROVIDER_FAILED",
      );
      expect(error.message).not.toContain("speaker@example.com");
    });

    it("refuses tokens for unknown rooms, already expired, or with oversized data", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const request = { role: "moderator" as const, connectionData: "pk", expiresAt: t0 + minute };
      await expectLiveError(mock.issueToken("room_none", request), "PROVIDER_FAILED");
      await expectLiveError(
        mock.issueToken(roomId, { ...request, expiresAt: t0 }),
        "PROVIDER_FAILED",
      );
      await expectLiveError(
        mock.issueToken(roomId, { ...request, connectionData: "x".repeat(1001) }),
        "PROVIDER_FAILED",
      );
    });

    it("R-PERM-5: a client connects with a token only within its lifetime and for its room", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const { roomId: otherRoom } = await mock.createRoom("ses_2");
      const {
        connection: { token },
      } = await mock.issueToken(roomId, {
        role: "speaker",
        connectionData: "pk_speaker",
        expiresAt: t0 + minute,
      });
      expect(() => mock.connect(otherRoom, { token })).toThrow(
        expect.objectContaining({ code: "UNAUTHORIZED" }),
      );
      const connectionId = mock.connect(roomId, { token });
      expect(mock.connections(roomId)).toEqual([
        expect.objectContaining({
          connectionId,
          connectionData: "pk_speaker",
          providerRole: "publisher",
        }),
      ]);
      mock.clock.advance(minute);
      expect(() => mock.connect(roomId, { token })).toThrow(
        expect.objectContaining({ code: "UNAUTHORIZED" }),
      );
    });

    it("R-PERM-1: a subscriber cannot publish", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const {
        connection: { token },
      } = await mock.issueToken(roomId, {
        role: "attendee",
        connectionData: "a_1",
        expiresAt: t0 + minute,
      });
      const connectionId = mock.connect(roomId, { token });
      expect(() => mock.publish(roomId, connectionId)).toThrow(
        expect.objectContaining({ code: "FORBIDDEN" }),
      );
    });
  });

  describe("clients", () => {
    it("emits connection and stream events in order, with the connection data", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const seen: ProviderEvent[] = [];
      mock.onEvent((event) => {
        seen.push(event);
      });
      const connectionId = mock.connect(roomId, { connectionData: "pk_mod" });
      mock.clock.advance(second);
      const camera = mock.publish(roomId, connectionId);
      const screen = mock.publish(roomId, connectionId, "screen");
      mock.unpublish(screen);
      mock.clock.advance(second);
      mock.leave(roomId, connectionId);
      expect(seen).toEqual([
        { type: "connection-created", roomId, connectionId, connectionData: "pk_mod", at: t0 },
        {
          type: "stream-created",
          roomId,
          streamId: camera,
          connectionId,
          connectionData: "pk_mod",
          videoType: "camera",
          at: t0 + second,
        },
        expect.objectContaining({ type: "stream-created", streamId: screen, videoType: "screen" }),
        expect.objectContaining({
          type: "stream-destroyed",
          streamId: screen,
          reason: "mediaStopped",
        }),
        {
          type: "stream-destroyed",
          roomId,
          streamId: camera,
          connectionId,
          reason: "clientDisconnected",
          at: t0 + 2 * second,
        },
        {
          type: "connection-destroyed",
          roomId,
          connectionId,
          connectionData: "pk_mod",
          reason: "clientDisconnected",
          at: t0 + 2 * second,
        },
      ]);
      expect(mock.events).toEqual(seen);
      expect(mock.connections(roomId)).toEqual([]);
    });

    it("R-PERM-6: disconnect force-disconnects a client and its streams", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const second = mock.connect(roomId, { connectionData: "pk_mod" });
      await mock.disconnect(roomId, connectionId);
      const ends = mock.events.filter(
        (e) => e.type === "stream-destroyed" || e.type === "connection-destroyed",
      );
      expect(ends).toEqual([
        expect.objectContaining({
          type: "stream-destroyed",
          streamId,
          reason: "forceDisconnected",
        }),
        expect.objectContaining({
          type: "connection-destroyed",
          connectionId,
          reason: "forceDisconnected",
        }),
      ]);
      expect(mock.connections(roomId).map((c) => c.connectionId)).toEqual([second]);
    });

    it("treats the disconnection of an unknown connection or room as done", async () => {
      const { roomId } = await busyRoom();
      const before = mock.events.length;
      await mock.disconnect(roomId, "con_unknown");
      await mock.disconnect("room_unknown", "con_unknown");
      expect(mock.events).toHaveLength(before);
    });

    it("R-PERM-6: a lost disconnect removes the client without any event", async () => {
      const { roomId, connectionId } = await busyRoom();
      const before = mock.events.length;
      mock.leave(roomId, connectionId, { lost: true });
      expect(mock.connections(roomId)).toEqual([]);
      expect(mock.events).toHaveLength(before);
    });

    it("refuses to simulate clients in unknown rooms or connections", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      expect(() => mock.connect("room_none")).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
      expect(() => mock.publish(roomId, "con_none")).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
      expect(() => mock.leave(roomId, "con_none")).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
      expect(() => mock.unpublish("str_none")).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
    });
  });

  describe("recordings", () => {
    it("refuses to record a room nobody is connected to, as retriable", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const error = await expectLiveError(
        mock.startRecording(roomId, { name: "seg-0", stage: grid() }),
        "PROVIDER_FAILED",
      );
      expect(error.retriable).toBe(true);
    });

    it("refuses a second recording of the same room, as not retriable", async () => {
      const { roomId, streamId } = await busyRoom();
      await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      const error = await expectLiveError(
        mock.startRecording(roomId, { name: "seg-1", stage: grid([streamId]) }),
        "PROVIDER_FAILED",
      );
      expect(error.retriable).toBe(false);
      expect(mock.liveRecordings(roomId).map((r) => r.name)).toEqual(["seg-0"]);
    });

    it("R-LIFE-4: goes started → stopped → available after the processing time", async () => {
      const { roomId, streamId } = await busyRoom();
      const started = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      expect(started).toMatchObject({
        status: "started",
        name: "seg-0",
        duration: null,
        url: null,
      });
      mock.clock.advance(10 * minute);
      const stopped = await mock.stopRecording(started.id);
      expect(stopped).toMatchObject({
        status: "stopped",
        reason: mockStopReasons.user,
        duration: 600,
        url: null,
      });
      mock.clock.advance(30 * second - 1);
      expect((await mock.getRecording(started.id)).status).toBe("stopped");
      mock.clock.advance(1);
      expect((await mock.getRecording(started.id)).status).toBe("available");
      expect(recordingTrail(mock.events, started.id, t0)).toEqual([
        ["started", null, 0],
        ["stopped", mockStopReasons.user, 10 * minute],
        ["available", mockStopReasons.user, 10 * minute + 30 * second],
      ]);
    });

    it("R-LIFE-7: gives a new short-lived link on every read, only while available", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      await mock.stopRecording(id);
      mock.clock.advance(30 * second);
      const first = await mock.getRecording(id);
      const again = await mock.getRecording(id);
      expect(first.url).toMatch(/^https:\/\/mock-recordings\.invalid\//);
      expect(again.url).not.toBe(first.url);
      const expires = Number(new URL(first.url ?? "").searchParams.get("expires"));
      expect(expires).toBe(mock.clock.now() + 10 * minute);
      mock.clock.advance(72 * hour);
      const expired = await mock.getRecording(id);
      expect(expired).toMatchObject({ status: "expired", url: null });
    });

    it("R-LIFE-7: with an upload target, ends uploaded and without a provider link", async () => {
      const uploading = createMockLiveProvider({ uploadTarget: true, processingMs: 5 * second });
      const { roomId } = await uploading.createRoom("ses_1");
      uploading.connect(roomId);
      const { id } = await uploading.startRecording(roomId, { name: "seg-0", stage: grid() });
      await uploading.stopRecording(id);
      uploading.clock.advance(5 * second);
      expect(await uploading.getRecording(id)).toMatchObject({ status: "uploaded", url: null });
      uploading.clock.advance(100 * hour);
      expect((await uploading.getRecording(id)).status).toBe("uploaded");
    });

    it("lists a room's recordings newest first and finds them by name (R-LIFE-6)", async () => {
      const { roomId, streamId } = await busyRoom();
      const first = await mock.startRecording(roomId, {
        name: "ses_1-seg-0",
        stage: grid([streamId]),
      });
      await mock.stopRecording(first.id);
      mock.clock.advance(second);
      const second_ = await mock.startRecording(roomId, {
        name: "ses_1-seg-1",
        stage: grid([streamId]),
      });
      const listed = await mock.listRecordings(roomId);
      expect(listed.map((r) => [r.name, r.status])).toEqual([
        ["ses_1-seg-1", "started"],
        ["ses_1-seg-0", "stopped"],
      ]);
      expect(listed[0]?.id).toBe(second_.id);
      expect(await mock.listRecordings("room_other")).toEqual([]);
    });

    it("failRecording makes the provider report a failure", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      mock.clock.advance(minute);
      mock.failRecording(id, "encoder crashed");
      expect(await mock.getRecording(id)).toMatchObject({
        status: "failed",
        reason: "encoder crashed",
        duration: 60,
      });
      expect(mock.events.at(-1)).toMatchObject({
        type: "recording",
        recordingId: id,
        status: "failed",
      });
      expect(mock.liveRecordings()).toEqual([]);
      expect(() => mock.failRecording(id)).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
    });

    it("deletes only recordings that are no longer recording or processing", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      expect((await expectLiveError(mock.deleteRecording(id), "PROVIDER_FAILED")).retriable).toBe(
        false,
      );
      await mock.stopRecording(id);
      expect((await expectLiveError(mock.deleteRecording(id), "PROVIDER_FAILED")).retriable).toBe(
        true,
      );
      mock.clock.advance(30 * second);
      await mock.deleteRecording(id);
      await expectLiveError(mock.getRecording(id), "PROVIDER_FAILED");
      expect(await mock.listRecordings(roomId)).toEqual([]);
    });

    it("refuses to stop a recording twice", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      await mock.stopRecording(id);
      await expectLiveError(mock.stopRecording(id), "PROVIDER_FAILED");
    });
  });

  describe("provider-initiated stops", () => {
    it("R-LIFE-3: pauses when the last client leaves and stops 60 s later with the provider's reason", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      mock.clock.advance(5 * minute);
      mock.leave(roomId, connectionId);
      expect(mock.liveRecordings(roomId)).toEqual([
        expect.objectContaining({ id, status: "paused" }),
      ]);
      mock.clock.advance(60 * second - 1);
      expect(mock.liveRecordings(roomId)).toHaveLength(1);
      mock.clock.advance(1);
      expect(mock.liveRecordings(roomId)).toEqual([]);
      expect(await mock.getRecording(id)).toMatchObject({
        status: "stopped",
        reason: mockStopReasons.idle,
        duration: 300,
      });
      expect(recordingTrail(mock.events, id, t0)).toEqual([
        ["started", null, 0],
        ["paused", null, 5 * minute],
        ["stopped", "session ended", 5 * minute + 60 * second],
      ]);
    });

    it("R-LIFE-3: a client back within 60 s resumes the recording, which keeps going", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      mock.leave(roomId, connectionId);
      mock.clock.advance(30 * second);
      mock.connect(roomId, { connectionData: "pk_mod" });
      mock.clock.advance(10 * minute);
      expect(mock.liveRecordings(roomId)).toEqual([
        expect.objectContaining({ id, status: "started" }),
      ]);
      expect(recordingTrail(mock.events, id, t0).map(([status]) => status)).toEqual([
        "started",
        "paused",
        "started",
      ]);
    });

    it("R-LIFE-3: stops at the exact due time even when the clock jumps past it, then processes", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      mock.leave(roomId, connectionId);
      mock.clock.advance(2 * hour);
      expect(recordingTrail(mock.events, id, t0)).toEqual([
        ["started", null, 0],
        ["paused", null, 0],
        ["stopped", mockStopReasons.idle, 60 * second],
        ["available", mockStopReasons.idle, 90 * second],
      ]);
    });

    it("R-LIFE-3: stops after 4 h of recording with 'maximum duration exceeded'", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      mock.clock.advance(4 * hour - 1);
      expect(mock.liveRecordings(roomId)).toHaveLength(1);
      mock.clock.advance(1);
      expect(await mock.getRecording(id)).toMatchObject({
        status: "stopped",
        reason: mockStopReasons.maxDuration,
        duration: 4 * 3600,
      });
      // The room is still busy: a new segment can start at once.
      const next = await mock.startRecording(roomId, { name: "seg-1", stage: grid([streamId]) });
      expect(next.status).toBe("started");
    });

    it("R-LIFE-3: counts only recorded time toward the maximum, not paused time", async () => {
      const recorder = createMockLiveProvider({
        maxRecordingMs: 10 * minute,
        idleStopMs: 5 * minute,
      });
      const { roomId } = await recorder.createRoom("ses_1");
      const client = recorder.connect(roomId);
      const { id } = await recorder.startRecording(roomId, { name: "seg-0", stage: grid() });
      recorder.clock.advance(6 * minute);
      recorder.leave(roomId, client);
      recorder.clock.advance(4 * minute);
      recorder.connect(roomId);
      recorder.clock.advance(4 * minute - 1);
      expect((await recorder.getRecording(id)).status).toBe("started");
      recorder.clock.advance(1);
      expect(await recorder.getRecording(id)).toMatchObject({
        status: "stopped",
        reason: mockStopReasons.maxDuration,
        duration: 600,
      });
    });

    it("R-LIFE-3: works with a plain clock through tick() and lazily on every call", async () => {
      let now = Date.parse("2026-03-01T10:00:00Z");
      const plain = createMockLiveProvider({ clock: { now: () => now } });
      const { roomId } = await plain.createRoom("ses_1");
      const client = plain.connect(roomId);
      const { id } = await plain.startRecording(roomId, { name: "seg-0", stage: grid() });
      plain.leave(roomId, client);
      now += 61 * second;
      expect(plain.events.filter((e) => e.type === "recording").map((e) => e.status)).toEqual([
        "started",
        "paused",
      ]);
      expect((await plain.getRecording(id)).status).toBe("stopped");
      now += 30 * second;
      plain.tick();
      expect(plain.events.at(-1)).toMatchObject({ type: "recording", status: "available" });
    });

    it("R-AUD-1: a broadcast stops 60 s after the room empties, and after its maximum duration", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const first = await mock.startBroadcast(roomId, grid([streamId]));
      expect(first).toMatchObject({
        status: "started",
        hlsUrl: expect.stringMatching(/^https:\/\//),
      });
      mock.leave(roomId, connectionId);
      mock.clock.advance(60 * second);
      expect(mock.liveBroadcasts(roomId)).toEqual([]);
      expect(mock.events.filter((e) => e.type === "broadcast")).toEqual([
        expect.objectContaining({ broadcastId: first.id, status: "started", at: t0 }),
        expect.objectContaining({
          broadcastId: first.id,
          status: "stopped",
          reason: mockStopReasons.idle,
          at: t0 + 60 * second,
        }),
      ]);

      const client = mock.connect(roomId);
      const second_ = await mock.startBroadcast(roomId, grid([mock.publish(roomId, client)]));
      mock.clock.advance(4 * hour);
      expect(mock.liveBroadcasts()).toEqual([]);
      expect(mock.events.at(-1)).toMatchObject({
        broadcastId: second_.id,
        status: "stopped",
        reason: mockStopReasons.maxDuration,
      });
    });

    it("refuses a second broadcast in a room, or one nobody is connected to", async () => {
      const { roomId, streamId } = await busyRoom();
      const bc = await mock.startBroadcast(roomId, grid([streamId]));
      await expectLiveError(mock.startBroadcast(roomId, grid([streamId])), "PROVIDER_FAILED");
      expect(await mock.stopBroadcast(bc.id)).toMatchObject({ id: bc.id, status: "stopped" });
      await expectLiveError(mock.stopBroadcast(bc.id), "PROVIDER_FAILED");
      const { roomId: empty } = await mock.createRoom("ses_2");
      expect(
        (await expectLiveError(mock.startBroadcast(empty, grid()), "PROVIDER_FAILED")).retriable,
      ).toBe(true);
    });
  });

  describe("stage", () => {
    it("R-STAGE-1: records the last stage applied to each output and the room", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const screen = mock.publish(roomId, connectionId, "screen");
      const recording = await mock.startRecording(roomId, {
        name: "seg-0",
        stage: grid([streamId]),
      });
      const broadcast = await mock.startBroadcast(roomId, grid([streamId]));
      expect(mock.stageOf(recording.id)).toEqual(grid([streamId]));
      const focus: ProviderStage = {
        streamIds: [streamId, screen],
        layout: "focus",
        focusStreamId: screen,
      };
      await mock.setStage(roomId, focus, { recordingId: recording.id, broadcastId: broadcast.id });
      expect(mock.stageOf(recording.id)).toEqual(focus);
      expect(mock.stageOf(broadcast.id)).toEqual(focus);
      expect(mock.stageOf(roomId)).toEqual(focus);
      await mock.setStage(roomId, grid([screen]), { recordingId: null, broadcastId: broadcast.id });
      expect(mock.stageOf(recording.id)).toEqual(focus);
      expect(mock.stageOf(broadcast.id)).toEqual(grid([screen]));
      expect(mock.stageOf("rec_unknown")).toBeNull();
    });

    it("R-STAGE-2: refuses unknown streams, a focus off stage and more than 16 videos", async () => {
      const { roomId, connectionId, streamId } = await busyRoom();
      const none = { recordingId: null, broadcastId: null };
      await expectLiveError(mock.setStage(roomId, grid(["str_gone"]), none), "PROVIDER_FAILED");
      await expectLiveError(
        mock.setStage(
          roomId,
          { streamIds: [streamId], layout: "focus", focusStreamId: "str_x" },
          none,
        ),
        "PROVIDER_FAILED",
      );
      const many = Array.from({ length: 17 }, () => mock.publish(roomId, connectionId));
      await expectLiveError(mock.setStage(roomId, grid(many), none), "PROVIDER_FAILED");
      await mock.setStage(roomId, grid(many.slice(0, 16)), none);
      expect(mock.stageOf(roomId)?.streamIds).toHaveLength(16);
    });

    it("refuses to apply a stage to a recording that is not running", async () => {
      const { roomId, streamId } = await busyRoom();
      const { id } = await mock.startRecording(roomId, { name: "seg-0", stage: grid([streamId]) });
      await mock.stopRecording(id);
      await expectLiveError(
        mock.setStage(roomId, grid([streamId]), { recordingId: id, broadcastId: null }),
        "PROVIDER_FAILED",
      );
    });
  });

  describe("events and inspection", () => {
    it("records every port call with its arguments and time", async () => {
      const { roomId } = await mock.createRoom("ses_7");
      mock.clock.advance(second);
      await mock.disconnect(roomId, "con_x");
      expect(mock.calls).toEqual([
        { method: "createRoom", args: ["ses_7"], at: t0 },
        { method: "disconnect", args: [roomId, "con_x"], at: t0 + second },
      ]);
      expect(mock.callsTo("disconnect")).toEqual([mock.calls[1]]);
      expect(mock.callsTo("startRecording")).toEqual([]);
    });

    it("gives events to every listener in order, until unsubscribed", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const a: string[] = [];
      const b: string[] = [];
      const stopA = mock.onEvent((event) => a.push(event.type));
      mock.onEvent((event) => b.push(event.type));
      const client = mock.connect(roomId);
      stopA();
      mock.publish(roomId, client);
      expect(a).toEqual(["connection-created"]);
      expect(b).toEqual(["connection-created", "stream-created"]);
    });

    it("settle() waits for listeners' work and reports their failures", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const handled: string[] = [];
      mock.onEvent(async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        handled.push(event.type);
      });
      mock.connect(roomId);
      expect(handled).toEqual([]);
      await mock.settle();
      expect(handled).toEqual(["connection-created"]);

      mock.onEvent(async () => {
        throw new Error("listener broke");
      });
      mock.connect(roomId);
      await expect(mock.settle()).rejects.toThrow("listener broke");
      await expect(mock.settle()).resolves.toBeUndefined();
    });

    it("calls port methods made from a listener after the emission, not inside it", async () => {
      const { roomId } = await mock.createRoom("ses_1");
      const order: string[] = [];
      mock.onEvent((event) => {
        if (event.type !== "connection-created") return;
        order.push("listener");
        return mock
          .startRecording(roomId, { name: "seg-0", stage: grid() })
          .then(() => order.push("started"));
      });
      mock.connect(roomId);
      order.push("after connect");
      await mock.settle();
      expect(order).toEqual(["listener", "after connect", "started"]);
      expect(mock.liveRecordings(roomId)).toHaveLength(1);
    });

    it("stops following the clock once disposed", async () => {
      const clock = createTestClock();
      const disposable = createMockLiveProvider({ clock });
      const { roomId } = await disposable.createRoom("ses_1");
      const client = disposable.connect(roomId);
      await disposable.startRecording(roomId, { name: "seg-0", stage: grid() });
      disposable.leave(roomId, client);
      disposable.dispose();
      clock.advance(hour);
      expect(disposable.events.filter((e) => e.type === "recording").map((e) => e.status)).toEqual([
        "started",
        "paused",
      ]);
    });
  });
});

describe("createMockLiveProvider ids", () => {
  it("numbers its ids by default, and takes them from the given generator otherwise", async () => {
    const counted = createMockLiveProvider();
    const given = createMockLiveProvider({
      ids: { next: (prefix) => `${prefix}_from-generator` },
    });
    try {
      expect((await counted.createRoom("ses_1")).roomId).toBe("room_1");
      expect((await given.createRoom("ses_1")).roomId).toBe("room_from-generator");
    } finally {
      counted.dispose();
      given.dispose();
    }
  });
});
