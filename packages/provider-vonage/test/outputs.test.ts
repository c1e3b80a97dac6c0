// What the provider asks Vonage for: routed rooms, composed manual-mode archives and HLS
// broadcasts holding exactly the stage (R-STAGE-1, R-AUD-1), fresh replay links (R-LIFE-7),
// stops that Vonage already made (R-LIFE-3), deletion (R-DATA-1) and disconnection (R-PERM-5).
import type { ProviderStage } from "@onair/core";
import { expectLiveError } from "@onair/testing";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { disconnectSignalType } from "../src/index.js";
import { createHarness, recordingLogger, server, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

const grid = (...streamIds: string[]): ProviderStage => ({
  streamIds,
  layout: "grid",
  focusStreamId: null,
});

describe("rooms", () => {
  it("creates routed sessions with manual archiving (form-encoded, as the API wants)", async () => {
    const h = createHarness();
    const { roomId } = await h.provider.createRoom("ses_1");
    expect(h.vonage.state.sessions.get(roomId)).toMatchObject({
      mediaMode: "routed",
      archiveMode: "manual",
    });
    expect(h.vonage.state.requests.at(-1)).toMatchObject({
      operation: "createSession",
      body: { "p2p.preference": "disabled", archiveMode: "manual" },
    });
  });
});

describe("recordings", () => {
  it("R-STAGE-1: records composed 1280x720 in manual stream mode: only the stage, under the given name", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const backstage = h.vonage.state.publish(h.vonage.state.connect(room.roomId).id);
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    const start = h.vonage.state.requests.find((r) => r.operation === "startArchive");
    expect(start?.body).toEqual({
      sessionId: room.roomId,
      name: "onair-ses_1-000",
      outputMode: "composed",
      resolution: "1280x720",
      streamMode: "manual",
      hasAudio: true,
      hasVideo: true,
      layout: { type: "bestFit", screenshareType: "horizontalPresentation" },
    });
    const archive = h.vonage.state.archives.get(recording.id);
    expect(archive?.streams.map((s) => s.streamId)).toEqual([room.streamId]);
    expect(archive?.streams.map((s) => s.streamId)).not.toContain(backstage.id);
    expect(recording).toMatchObject({ status: "started", name: "onair-ses_1-000", url: null });
  });

  it("R-STAGE-1: a recording started on an empty stage records nothing until the stage is set", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-001",
      stage: grid(),
    });
    expect(h.vonage.state.archives.get(recording.id)?.streams).toEqual([]);
    expect(h.vonage.state.requests.map((r) => r.operation)).not.toContain("setStreamClassLists");
  });

  it("R-LIFE-7: gives a fresh link on every read of an available recording, none before", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    h.clock.advance(90_000);
    const stopped = await h.provider.stopRecording(id);
    expect(stopped).toMatchObject({
      status: "stopped",
      url: null,
      duration: 90,
      reason: "user initiated",
    });
    h.vonage.state.finishArchive(id);
    const first = await h.provider.getRecording(id);
    h.clock.advance(11 * 60_000);
    const second = await h.provider.getRecording(id);
    expect(first.url).toMatch(/^https:\/\//);
    expect(second.url).toMatch(/^https:\/\//);
    expect(second.url).not.toBe(first.url);
    h.vonage.state.expireArchive(id);
    expect(await h.provider.getRecording(id)).toMatchObject({ status: "expired", url: null });
  });

  it("R-LIFE-7: an uploaded recording has no Vonage link (it lives on the platform's storage)", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    await h.provider.stopRecording(id);
    h.vonage.state.finishArchive(id, { uploaded: true });
    expect(await h.provider.getRecording(id)).toMatchObject({ status: "uploaded", url: null });
  });

  it("R-LIFE-3: stopping a recording Vonage stopped already reports how it ended", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    h.clock.advance(4 * 3600_000);
    h.vonage.state.autoStopArchive(id, "maximum duration exceeded");
    await expect(h.provider.stopRecording(id)).resolves.toMatchObject({
      id,
      status: "stopped",
      reason: "maximum duration exceeded",
      duration: 4 * 3600,
    });
  });

  it("R-LIFE-6: lists a room's recordings oldest first, by name, without deleted ones", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const names = ["onair-ses_1-000", "onair-ses_1-001", "onair-ses_1-002"];
    const ids: string[] = [];
    for (const name of names) {
      const { id } = await h.provider.startRecording(room.roomId, {
        name,
        stage: grid(room.streamId),
      });
      h.clock.advance(1_000);
      await h.provider.stopRecording(id);
      ids.push(id);
    }
    h.vonage.state.finishArchive(ids[0] ?? "");
    await h.provider.deleteRecording(ids[0] ?? "");
    const listed = await h.provider.listRecordings(room.roomId);
    expect(listed.map((r) => r.name)).toEqual(names.slice(1));
    const search = h.vonage.state.requests.find((r) => r.operation === "listArchives");
    expect(search?.path).toContain(`sessionId=${encodeURIComponent(room.roomId)}`);
  });

  it("R-DATA-1: deleting a recording twice (or an unknown one) converges instead of failing", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    await h.provider.stopRecording(id);
    // Vonage only deletes an archive once it is available or uploaded.
    h.vonage.state.finishArchive(id);
    await h.provider.deleteRecording(id);
    await expect(h.provider.deleteRecording(id)).resolves.toBeUndefined();
    await expect(h.provider.deleteRecording("no-such-archive")).resolves.toBeUndefined();
    expect(h.vonage.state.archives.get(id)?.status).toBe("deleted");
  });

  it("R-DATA-1: deleting a recording Vonage is still processing fails retriably, never as already gone", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    await h.provider.stopRecording(id);
    const error = await expectLiveError(h.provider.deleteRecording(id), "PROVIDER_FAILED");
    expect(error.retriable).toBe(true);
    expect(h.vonage.state.archives.get(id)?.status).toBe("stopped");
    h.vonage.state.finishArchive(id);
    await expect(h.provider.deleteRecording(id)).resolves.toBeUndefined();
    expect(h.vonage.state.archives.get(id)?.status).toBe("deleted");
  });

  it("R-DATA-1: a recording that expired or failed at Vonage counts as deleted, though Vonage answers 409", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const record = async (name: string) => {
      const { id } = await h.provider.startRecording(room.roomId, {
        name,
        stage: grid(room.streamId),
      });
      await h.provider.stopRecording(id);
      return id;
    };
    const expired = await record("onair-ses_1-000");
    h.vonage.state.finishArchive(expired);
    h.vonage.state.expireArchive(expired);
    const failed = await record("onair-ses_1-001");
    h.vonage.state.failArchive(failed, "processing failed");
    for (const id of [expired, failed]) {
      await expect(h.provider.deleteRecording(id)).resolves.toBeUndefined();
      const deletion = h.vonage.state.requests.filter(
        (r) => r.path.endsWith(`/archive/${id}`) && r.method !== "PUT",
      );
      expect(deletion.map((r) => [r.operation, r.status])).toEqual([
        ["deleteArchive", 409],
        ["getArchive", 200],
      ]);
    }
    expect(h.vonage.state.archives.get(expired)?.status).toBe("expired");
    expect(h.vonage.state.archives.get(failed)?.status).toBe("failed");
  });

  it("R-DATA-1: a 409 on a recording Vonage still holds is retriable, whatever its status", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    await h.provider.stopRecording(id);
    h.vonage.state.finishArchive(id);
    // A refusal Vonage gave while the archive was changing status: deleting it again will work.
    h.vonage.state.failNext("deleteArchive", { status: 409 });
    const error = await expectLiveError(h.provider.deleteRecording(id), "PROVIDER_FAILED");
    expect(error.retriable).toBe(true);
    await expect(h.provider.deleteRecording(id)).resolves.toBeUndefined();
    expect(h.vonage.state.archives.get(id)?.status).toBe("deleted");
  });

  it("R-STAGE-1: starts the recording even when the stream classes cannot be set, then sets them", async () => {
    const logger = recordingLogger();
    const h = createHarness({ logger });
    const room = await h.busyRoom();
    h.vonage.state.failNext("setStreamClassLists", { status: 500 });
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: { streamIds: [room.streamId], layout: "focus", focusStreamId: room.streamId },
    });
    expect(recording.status).toBe("started");
    expect(h.vonage.state.archives.get(recording.id)?.streams.map((s) => s.streamId)).toEqual([
      room.streamId,
    ]);
    expect(h.vonage.state.requests.map((r) => [r.operation, r.status])).toEqual([
      ["createSession", 200],
      ["startArchive", 200],
      ["updateArchiveStreams", 204],
      ["setStreamClassLists", 500],
    ]);
    expect(logger.lines).toContainEqual([
      "warn",
      expect.objectContaining({ operation: "setStreamClassLists", status: 500 }),
      expect.any(String),
    ]);
  });

  it("keeps a started recording when its stage cannot be applied, and says so in the log", async () => {
    const logger = recordingLogger();
    const h = createHarness({ logger });
    const room = await h.busyRoom();
    h.vonage.state.failNext("updateArchiveStreams", { status: 500 });
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    expect(recording.status).toBe("started");
    expect(logger.lines).toContainEqual([
      "error",
      expect.objectContaining({ output: "recording", id: recording.id, code: "PROVIDER_FAILED" }),
      "the stage could not be applied to a new output",
    ]);
  });
});

describe("broadcast", () => {
  it("R-AUD-1: starts an HLS broadcast with the layout as an object, manual streams and 10 h maximum", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const broadcast = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    const start = h.vonage.state.requests.find((r) => r.operation === "startBroadcast");
    expect(start?.body).toEqual({
      sessionId: room.roomId,
      layout: { type: "bestFit", screenshareType: "horizontalPresentation" },
      outputs: { hls: { lowLatency: false, dvr: false }, rtmp: [] },
      maxDuration: 36_000,
      resolution: "1280x720",
      streamMode: "manual",
      hasAudio: true,
      hasVideo: true,
    });
    expect(h.vonage.state.broadcasts.get(broadcast.id)?.streams.map((s) => s.streamId)).toEqual([
      room.streamId,
    ]);
    expect(broadcast.hlsUrl).toMatch(/^https:\/\/.+\.m3u8$/);
  });

  it("R-AUD-1: starts the broadcast even when the stream classes cannot be set", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    h.vonage.state.failNext("setStreamClassLists", { status: 400 });
    const broadcast = await h.provider.startBroadcast(room.roomId, {
      streamIds: [room.streamId],
      layout: "pip",
      focusStreamId: room.streamId,
    });
    expect(broadcast).toMatchObject({ status: "started", hlsUrl: expect.stringMatching(/m3u8$/) });
    expect(h.vonage.state.broadcasts.get(broadcast.id)?.streams.map((s) => s.streamId)).toEqual([
      room.streamId,
    ]);
    const operations = h.vonage.state.requests.map((r) => r.operation);
    expect(operations.indexOf("startBroadcast")).toBeLessThan(
      operations.indexOf("setStreamClassLists"),
    );
  });

  it("R-AUD-1: a start whose answer was lost adopts the broadcast Vonage started (409), with the stage", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const second = h.vonage.state.publish(h.vonage.state.connect(room.roomId).id);
    // Vonage starts the broadcast, but its answer never reaches the provider.
    server.use(
      http.post(
        `${h.vonage.videoHost}/v2/project/:appId/broadcast`,
        async ({ request }) => {
          await fetch(request);
          return HttpResponse.error();
        },
        { once: true },
      ),
    );
    const lost = await expectLiveError(
      h.provider.startBroadcast(room.roomId, grid(room.streamId)),
      "PROVIDER_FAILED",
    );
    expect(lost.retriable).toBe(true);
    expect(h.vonage.state.broadcasts.size).toBe(1);
    const [running] = h.vonage.state.broadcasts.values();
    // Trying again meets "The broadcast has already started for the session".
    const focus: ProviderStage = {
      streamIds: [second.id],
      layout: "focus",
      focusStreamId: second.id,
    };
    const adopted = await h.provider.startBroadcast(room.roomId, focus);
    expect(adopted).toEqual({
      id: running?.id,
      status: "started",
      hlsUrl: expect.stringMatching(/^https:\/\/.+\.m3u8$/),
    });
    expect(h.vonage.state.broadcasts.size).toBe(1);
    const broadcast = h.vonage.state.broadcasts.get(adopted.id);
    expect(broadcast?.streams.map((s) => s.streamId)).toEqual([second.id]);
    expect(broadcast?.layout).toEqual({ type: "horizontalPresentation" });
    expect(h.vonage.state.streams.get(second.id)?.layoutClassList).toEqual(["focus"]);
    const search = h.vonage.state.requests.find((r) => r.operation === "listBroadcasts");
    expect(search?.path).toContain(`sessionId=${encodeURIComponent(room.roomId)}`);
    expect(
      h.vonage.state.requests.filter((r) => r.operation === "startBroadcast").map((r) => r.status),
    ).toEqual([200, 409]);
  });

  it("R-AUD-1: a 409 without a running broadcast to adopt is reported", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    h.vonage.state.failNext("startBroadcast", { status: 409 });
    const error = await expectLiveError(
      h.provider.startBroadcast(room.roomId, grid(room.streamId)),
      "PROVIDER_FAILED",
    );
    expect(error.retriable).toBe(false);
    expect(h.vonage.state.requests.map((r) => r.operation)).toContain("listBroadcasts");
    expect(h.vonage.state.broadcasts.size).toBe(0);
  });

  it("takes the HLS settings of the options", async () => {
    const h = createHarness({ broadcast: { lowLatency: true, maxDurationSeconds: 7_200 } });
    const room = await h.busyRoom();
    await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    const start = h.vonage.state.requests.find((r) => r.operation === "startBroadcast");
    expect(start?.body).toMatchObject({
      outputs: { hls: { lowLatency: true, dvr: false } },
      maxDuration: 7_200,
    });
  });

  it("R-LIFE-3: stopping a broadcast Vonage stopped already (404) is done, not an error", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    h.vonage.state.autoStopBroadcast(id, "session ended");
    await expect(h.provider.stopBroadcast(id)).resolves.toEqual({
      id,
      status: "stopped",
      hlsUrl: null,
    });
    expect(h.vonage.state.requests.at(-1)).toMatchObject({
      operation: "stopBroadcast",
      status: 404,
    });
    // Stopping twice converges too (a retried stop whose first answer was lost).
    await expect(h.provider.stopBroadcast(id)).resolves.toMatchObject({ id, status: "stopped" });
    // Vonage answers an unknown broadcast and a stopped one alike (404): nothing runs under
    // that id, so the stop is done rather than an error.
    await expect(h.provider.stopBroadcast("no-such-broadcast")).resolves.toMatchObject({
      id: "no-such-broadcast",
      status: "stopped",
    });
  });

  it("R-LIFE-3: a failure to stop that is not a 404 is still reported", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    h.vonage.state.failNext("stopBroadcast", { status: 503 });
    const error = await expectLiveError(h.provider.stopBroadcast(id), "PROVIDER_FAILED");
    expect(error.retriable).toBe(true);
    expect(h.vonage.state.broadcasts.get(id)?.status).toBe("started");
  });
});

describe("stage", () => {
  async function live() {
    const h = createHarness();
    const room = await h.busyRoom();
    const other = h.vonage.state.connect(room.roomId);
    const second = h.vonage.state.publish(other.id);
    const third = h.vonage.state.publish(other.id, { videoType: "screen" });
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    const broadcast = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    const outputs = { recordingId: recording.id, broadcastId: broadcast.id };
    const inArchive = () =>
      h.vonage.state.archives.get(recording.id)?.streams.map((s) => s.streamId) ?? [];
    const inBroadcast = () =>
      h.vonage.state.broadcasts.get(broadcast.id)?.streams.map((s) => s.streamId) ?? [];
    const classes = (id: string) => h.vonage.state.streams.get(id)?.layoutClassList;
    return {
      ...h,
      room,
      second,
      third,
      recording,
      broadcast,
      outputs,
      inArchive,
      inBroadcast,
      classes,
    };
  }

  it("R-STAGE-1: focus puts exactly the stage in both outputs, with the focus class on one stream", async () => {
    const l = await live();
    await l.provider.setStage(
      l.room.roomId,
      { streamIds: [l.second.id, l.third.id], layout: "focus", focusStreamId: l.third.id },
      l.outputs,
    );
    expect(l.inArchive().sort()).toEqual([l.second.id, l.third.id].sort());
    expect(l.inBroadcast().sort()).toEqual([l.second.id, l.third.id].sort());
    expect(l.classes(l.third.id)).toEqual(["focus"]);
    expect(l.classes(l.second.id)).toEqual([]);
    expect(l.vonage.state.archives.get(l.recording.id)?.layout).toEqual({
      type: "horizontalPresentation",
    });
    expect(l.vonage.state.broadcasts.get(l.broadcast.id)?.layout).toEqual({
      type: "horizontalPresentation",
    });
  });

  it("R-STAGE-1: pip marks the focused stream full size, and a later grid clears it", async () => {
    const l = await live();
    const pip: ProviderStage = {
      streamIds: [l.room.streamId, l.second.id],
      layout: "pip",
      focusStreamId: l.room.streamId,
    };
    await l.provider.setStage(l.room.roomId, pip, l.outputs);
    expect(l.classes(l.room.streamId)).toEqual(["full"]);
    expect(l.vonage.state.archives.get(l.recording.id)?.layout).toEqual({ type: "pip" });
    await l.provider.setStage(l.room.roomId, grid(l.room.streamId, l.second.id), l.outputs);
    expect(l.classes(l.room.streamId)).toEqual([]);
    expect(l.vonage.state.broadcasts.get(l.broadcast.id)?.layout).toEqual({
      type: "bestFit",
      screenshareType: "horizontalPresentation",
    });
  });

  it("R-STAGE-2: an empty stage takes every stream off the outputs", async () => {
    const l = await live();
    await l.provider.setStage(l.room.roomId, grid(), l.outputs);
    expect(l.inArchive()).toEqual([]);
    expect(l.inBroadcast()).toEqual([]);
  });

  it("R-STAGE-1: only sends the difference (no stream added twice)", async () => {
    const l = await live();
    const before = l.vonage.state.requests.length;
    await l.provider.setStage(l.room.roomId, grid(l.room.streamId, l.second.id), l.outputs);
    const changes = l.vonage.state.requests
      .slice(before)
      .filter(
        (r) => r.operation === "updateArchiveStreams" || r.operation === "updateBroadcastStreams",
      );
    expect(changes.map((r) => r.body)).toEqual([
      expect.objectContaining({ addStream: l.second.id }),
      expect.objectContaining({ addStream: l.second.id }),
    ]);
  });

  /** The stream changes Vonage received since request `from`, as [operation, change, status]. */
  const streamChangesSince = (l: Awaited<ReturnType<typeof live>>, from: number) =>
    l.vonage.state.requests
      .slice(from)
      .filter(
        (r) => r.operation === "updateArchiveStreams" || r.operation === "updateBroadcastStreams",
      )
      .map((r) => {
        const body = r.body as { addStream?: string; removeStream?: string };
        const change =
          body.removeStream === undefined ? `add ${body.addStream}` : `remove ${body.removeStream}`;
        return [r.operation, change, r.status];
      });

  it("R-STAGE-1: takes streams off the outputs before putting new ones on", async () => {
    const l = await live();
    const before = l.vonage.state.requests.length;
    await l.provider.setStage(l.room.roomId, grid(l.second.id), l.outputs);
    const changes = streamChangesSince(l, before);
    for (const operation of ["updateArchiveStreams", "updateBroadcastStreams"]) {
      expect(changes.filter(([op]) => op === operation)).toEqual([
        [operation, `remove ${l.room.streamId}`, 204],
        [operation, `add ${l.second.id}`, 204],
      ]);
    }
  });

  it("R-STAGE-1: tries every change when one fails, so no stream taken off the stage stays on air", async () => {
    const l = await live();
    await l.provider.setStage(l.room.roomId, grid(l.room.streamId, l.second.id), l.outputs);
    // The first removal from the archive fails; the other removal and the addition still happen.
    l.vonage.state.failNext("updateArchiveStreams", { status: 500 });
    const error = await expectLiveError(
      l.provider.setStage(l.room.roomId, grid(l.third.id), l.outputs),
      "PROVIDER_FAILED",
    );
    expect(error.retriable).toBe(true);
    expect(error.message).toContain("removeArchiveStream (HTTP 500)");
    expect(l.inArchive()).toEqual([l.room.streamId, l.third.id]);
    expect(l.inArchive()).not.toContain(l.second.id);
    expect(l.inBroadcast()).toEqual([l.third.id]);
    expect(l.vonage.state.archives.get(l.recording.id)?.layout.type).toBe("bestFit");
    // The next attempt (what the core does on a failed stage) converges.
    await l.provider.setStage(l.room.roomId, grid(l.third.id), l.outputs);
    expect(l.inArchive()).toEqual([l.third.id]);
  });

  it("R-STAGE-1: one failure for the whole stage, retriable only when a failed part may pass", async () => {
    const l = await live();
    const recordingOnly = { recordingId: l.recording.id, broadcastId: null };
    l.vonage.state.failNext("updateArchiveStreams", { status: 400 });
    const refused = await expectLiveError(
      l.provider.setStage(l.room.roomId, grid(l.second.id), recordingOnly),
      "PROVIDER_FAILED",
    );
    expect(refused.retriable).toBe(false);
    expect(l.inArchive()).toEqual([l.room.streamId, l.second.id]);
    l.vonage.state.failNext("updateArchiveStreams", { status: 400 });
    l.vonage.state.failNext("updateArchiveLayout", { status: 503 });
    const mixed = await expectLiveError(
      l.provider.setStage(l.room.roomId, grid(l.third.id), recordingOnly),
      "PROVIDER_FAILED",
    );
    expect(mixed.retriable).toBe(true);
    expect(mixed.message).toContain("updateArchiveLayout (HTTP 503)");
    expect(l.inArchive()).toEqual([l.room.streamId, l.third.id]);
  });

  it("R-STAGE-1: stream classes that cannot be set never hold back the stage's streams", async () => {
    const l = await live();
    const before = l.vonage.state.requests.length;
    l.vonage.state.failNext("setStreamClassLists", { status: 500 });
    await expect(
      l.provider.setStage(
        l.room.roomId,
        { streamIds: [l.second.id], layout: "focus", focusStreamId: l.second.id },
        l.outputs,
      ),
    ).resolves.toBeUndefined();
    expect(l.inArchive()).toEqual([l.second.id]);
    expect(l.inBroadcast()).toEqual([l.second.id]);
    expect(l.vonage.state.broadcasts.get(l.broadcast.id)?.layout).toEqual({
      type: "horizontalPresentation",
    });
    // Classes come last, best effort.
    expect(l.vonage.state.requests.at(-1)).toMatchObject({
      operation: "setStreamClassLists",
      status: 500,
    });
    expect(l.vonage.state.requests.length - before).toBeGreaterThan(5);
  });

  it("R-STAGE-2: a stream that ended before it could be added (404) is not a failure", async () => {
    const l = await live();
    l.vonage.state.unpublish(l.second.id, "mediaStopped");
    await expect(
      l.provider.setStage(l.room.roomId, grid(l.room.streamId, l.second.id), l.outputs),
    ).resolves.toBeUndefined();
    expect(l.inArchive()).toEqual([l.room.streamId]);
    expect(l.inBroadcast()).toEqual([l.room.streamId]);
    const adds = l.vonage.state.requests.filter(
      (r) => (r.body as { addStream?: string } | null)?.addStream === l.second.id,
    );
    expect(adds.map((r) => r.status)).toEqual([404, 404]);
  });

  it("applies a stage with no running output to the stream classes only", async () => {
    const l = await live();
    const before = l.vonage.state.requests.length;
    await l.provider.setStage(
      l.room.roomId,
      { streamIds: [l.second.id], layout: "focus", focusStreamId: l.second.id },
      { recordingId: null, broadcastId: null },
    );
    expect(l.vonage.state.requests.slice(before).map((r) => r.operation)).toEqual([
      "setStreamClassLists",
    ]);
    expect(l.classes(l.second.id)).toEqual(["focus"]);
  });
});

describe("disconnect", () => {
  it("R-PERM-6: tells the client why, then disconnects it", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    await h.provider.disconnect(room.roomId, room.connectionId, "opened-elsewhere");
    expect(h.vonage.state.signals).toEqual([
      expect.objectContaining({
        connectionId: room.connectionId,
        type: disconnectSignalType,
        data: "opened-elsewhere",
      }),
    ]);
    expect(h.vonage.state.connections.has(room.connectionId)).toBe(false);
    const destroyed = h.vonage.state.callbacks.at(-1);
    expect(destroyed).toMatchObject({ event: "connectionDestroyed", reason: "forceDisconnected" });
  });

  it("R-PERM-5: a client that left already is not an error (no signal needed either)", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    h.vonage.state.leave(room.connectionId);
    await expect(
      h.provider.disconnect(room.roomId, room.connectionId, "access-revoked"),
    ).resolves.toBeUndefined();
    expect(h.vonage.state.signals).toEqual([]);
  });
});
