// Every documented Vonage state the provider meets, produced by the emulation: stops Vonage
// answers 409 for, archives it answers 400 for, failed broadcasts, callbacks out of order,
// audio-only streams, a media-router crash and answers without multiBroadcastTag.
import type { ProviderEvent, ProviderStage } from "@onair/core";
import { describe, expect, it } from "vitest";
import { createHarness, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

const grid = (...streamIds: string[]): ProviderStage => ({
  streamIds,
  layout: "grid",
  focusStreamId: null,
});

type Harness = ReturnType<typeof createHarness>;

/** Parses, as the webhook route does, every callback Vonage made since `from`. */
async function eventsSince(h: Harness, from: number): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for (const callback of h.vonage.state.callbacks.slice(from)) {
    const { headers, body } = h.vonage.webhook(callback);
    events.push(...(await h.provider.parseWebhook(headers, body, h.clock.now())));
  }
  return events;
}

describe("stops and deletions Vonage answers in other words", () => {
  it("R-LIFE-3: a stop of a stopped broadcast answered 409 (as some SDKs map it) means already stopped, like 404", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    h.vonage.state.autoStopBroadcast(id, "session ended");
    h.vonage.state.failNext("stopBroadcast", {
      status: 409,
      message: "Broadcast already stopped.",
    });
    await expect(h.provider.stopBroadcast(id)).resolves.toEqual({
      id,
      status: "stopped",
      hlsUrl: null,
    });
    expect(h.vonage.state.requests.at(-1)).toMatchObject({
      operation: "stopBroadcast",
      status: 409,
    });
  });

  it("R-DATA-1: an archive Vonage answers 400 for (reference: 'invalid archive ID') is gone: deleting it is done", async () => {
    const h = createHarness();
    h.vonage.state.failNext("deleteArchive", { status: 400 });
    await expect(h.provider.deleteRecording("no-such-archive")).resolves.toBeUndefined();

    // Deleting a recording Vonage refuses (409) asks for its status; a 400 there means gone too.
    const room = await h.busyRoom();
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    h.vonage.state.failNext("deleteArchive", { status: 409 });
    h.vonage.state.failNext("getArchive", { status: 400 });
    await expect(h.provider.deleteRecording(recording.id)).resolves.toBeUndefined();
    expect(h.vonage.state.requests.slice(-2).map((r) => [r.operation, r.status])).toEqual([
      ["deleteArchive", 409],
      ["getArchive", 400],
    ]);
  });
});

describe("documented states, as events", () => {
  it("R-AUD-1: a broadcast that fails at Vonage is a failed broadcast event, without URL", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const { id } = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    const from = h.vonage.state.callbacks.length;
    h.clock.advance(3_000);
    h.vonage.state.failBroadcast(id);
    expect(await eventsSince(h, from)).toEqual([
      {
        type: "broadcast",
        roomId: room.roomId,
        broadcastId: id,
        status: "failed",
        reason: "failure",
        hlsUrl: null,
        at: h.clock.now(),
      },
    ]);
    // Stopping it later is done, not an error (Vonage: 404, nothing runs under this id).
    await expect(h.provider.stopBroadcast(id)).resolves.toMatchObject({ status: "stopped" });
  });

  it("R-LIFE-4: an archive uploaded before its stopped callback gives both statuses, timed by updatedAt", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(room.streamId),
    });
    const from = h.vonage.state.callbacks.length;
    h.clock.advance(30_000);
    h.vonage.state.uploadBeforeStopped(recording.id);
    const events = await eventsSince(h, from);
    expect(
      events.map((e) => (e.type === "recording" ? [e.status, e.duration, e.at] : e.type)),
    ).toEqual([
      ["uploaded", 30, h.clock.now()],
      ["stopped", 30, h.clock.now()],
    ]);
    expect(await h.provider.getRecording(recording.id)).toMatchObject({
      status: "uploaded",
      url: null,
    });
  });

  it("R-STAGE-1: an audio-only stream (no videoType) is a stream, marked audioOnly, and can go on stage", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const phone = h.vonage.state.connect(room.roomId, { data: "onair1|pk_b|speaker|g_2" });
    const from = h.vonage.state.callbacks.length;
    const voice = h.vonage.state.publish(phone.id, { audioOnly: true });
    expect(await eventsSince(h, from)).toEqual([
      {
        type: "stream-created",
        roomId: room.roomId,
        streamId: voice.id,
        connectionId: phone.id,
        connectionData: "onair1|pk_b|speaker|g_2",
        videoType: "camera",
        audioOnly: true,
        at: h.clock.now(),
      },
    ]);
    const recording = await h.provider.startRecording(room.roomId, {
      name: "onair-ses_1-000",
      stage: grid(voice.id),
    });
    expect(h.vonage.state.archives.get(recording.id)?.streams.map((s) => s.streamId)).toEqual([
      voice.id,
    ]);
  });

  it("R-LIFE-3: a media-router crash ends every connection forceDisconnected, then the room (room-destroyed)", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const from = h.vonage.state.callbacks.length;
    h.vonage.state.crashMediaRouter(room.roomId);
    const events = await eventsSince(h, from);
    expect(events.map((e) => [e.type, "reason" in e ? e.reason : null])).toEqual([
      ["stream-destroyed", "forceDisconnected"],
      ["connection-destroyed", "forceDisconnected"],
      ["room-destroyed", null],
    ]);
    expect(events.at(-1)).toEqual({
      type: "room-destroyed",
      roomId: room.roomId,
      at: h.clock.now(),
    });
  });

  it("R-AUD-1: adopts its running broadcast after a lost start answer, even when Vonage's list omits multiBroadcastTag", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const first = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    h.vonage.state.omitMultiBroadcastTag();
    const again = await h.provider.startBroadcast(room.roomId, grid(room.streamId));
    expect(again.id).toBe(first.id);
    expect(h.vonage.state.requests.map((r) => [r.operation, r.status])).toContainEqual([
      "listBroadcasts",
      200,
    ]);
  });
});
