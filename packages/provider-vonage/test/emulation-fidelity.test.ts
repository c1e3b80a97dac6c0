// The emulated Vonage Video API as @vonage/server-sdk sees it, unmodified: each answer or refusal
// below is one Vonage documents (the Video REST reference, OpenAPI 0.3.2, unless said otherwise),
// so that a test passing on the emulation does not fail on Vonage.

import { ClientTokenError } from "@onair/testing/vonage-msw";
import { Auth } from "@vonage/auth";
import { Vonage } from "@vonage/server-sdk";
import { StreamMode } from "@vonage/video";
import { describe, expect, it } from "vitest";
import { createHarness, credentials, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

/** The SDK's video client; `jwtOptions` go into each request's token, as the SDK allows. */
const sdkVideo = (jwtOptions: Record<string, unknown> = {}) =>
  new Vonage(
    new Auth({
      applicationId: credentials.applicationId,
      privateKey: credentials.privateKey,
      jwtOptions,
    }),
  ).video;

function setup() {
  const h = createHarness();
  const video = sdkVideo();
  /** A routed session with one client publishing a camera. */
  const busySession = async () => {
    const { sessionId } = await video.createSession();
    const connection = h.vonage.state.connect(sessionId, { data: "pk_1" });
    const stream = h.vonage.state.publish(connection.id);
    return { sessionId, connectionId: connection.id, streamId: stream.id };
  };
  return { ...h, video, busySession };
}

/** The HTTP status the SDK's failure carries, or "resolved". */
async function statusOf(call: Promise<unknown>): Promise<number | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    const status = (error as { response?: { status?: unknown } }).response?.status;
    if (typeof status === "number") return status;
    throw error;
  }
}

// The SDK types a broadcast layout as a name; the REST API takes the layout object.
type BroadcastConfig = Parameters<ReturnType<typeof setup>["video"]["startBroadcast"]>[1];
const asConfig = (config: Record<string, unknown>) => config as unknown as BroadcastConfig;

describe("answers as Vonage writes them, through the SDK", () => {
  it("routes a session the SDK creates by default (p2p.preference disabled)", async () => {
    const { video, vonage } = setup();
    const { sessionId } = await video.createSession();
    expect(vonage.state.sessions.get(sessionId)?.mediaMode).toBe("routed");
  });

  it("answers broadcastUrls: null once stopped, and the ?DVR HLS URL when DVR is on", async () => {
    const { video, busySession } = setup();
    const { sessionId } = await busySession();
    const started = await video.startBroadcast(
      sessionId,
      asConfig({ outputs: { hls: { dvr: true } }, layout: { type: "bestFit" } }),
    );
    expect(started.broadcastUrls?.hls).toMatch(/\?DVR$/);
    const stopped = await video.stopBroadcast(started.id);
    expect(stopped.broadcastUrls).toBeNull();
    expect((await video.getBroadcast(started.id)).broadcastUrls).toBeNull();
  });

  it("gives archives updatedAt and hasTranscription, and lists no deleted archive", async () => {
    const { video, vonage, busySession, clock } = setup();
    const { sessionId } = await busySession();
    const first = await video.startArchive(sessionId, { name: "seg-0" });
    expect(first).toMatchObject({ updatedAt: clock.now(), hasTranscription: false });
    clock.advance(2_000);
    const stopped: Record<string, unknown> = { ...(await video.stopArchive(first.id)) };
    expect(stopped.updatedAt).toBe(clock.now());
    vonage.state.finishArchive(first.id);
    await video.deleteArchive(first.id);
    const second = await video.startArchive(sessionId, { name: "seg-1" });
    const listed = await video.searchArchives({ sessionId });
    expect(listed.count).toBe(1);
    expect(listed.items.map((a) => a.id)).toEqual([second.id]);
  });

  it("answers 413 to a signal type over 128 bytes", async () => {
    const { video, busySession } = setup();
    const { sessionId, connectionId } = await busySession();
    expect(
      await statusOf(
        video.sendSignal({ type: "t".repeat(129), data: "" }, sessionId, connectionId),
      ),
    ).toBe(413);
    expect(
      await statusOf(
        video.sendSignal({ type: "t".repeat(128), data: "" }, sessionId, connectionId),
      ),
    ).toBe("resolved");
  });
});

describe("refuses what Vonage refuses, through the SDK", () => {
  it("refuses a broadcast layout without type and RTMP outputs beyond five or incomplete", async () => {
    const { video, busySession } = setup();
    const { sessionId } = await busySession();
    const target = (i: number) => ({
      id: `t${i}`,
      serverUrl: `rtmps://live.example/app${i}`,
      streamName: `key${i}`,
    });
    const start = (config: Record<string, unknown>) =>
      statusOf(video.startBroadcast(sessionId, asConfig(config)));
    expect(await start({ outputs: { hls: {} }, layout: { screenshareType: "pip" } })).toBe(400);
    expect(await start({ outputs: { rtmp: [0, 1, 2, 3, 4, 5].map(target) } })).toBe(400);
    expect(
      await start({ outputs: { rtmp: [{ id: "x", serverUrl: "rtmps://a.example/b" }] } }),
    ).toBe(400);
    expect(await start({ outputs: { rtmp: [0, 1, 2, 3, 4].map(target) } })).toBe("resolved");
  });

  it("refuses a signal without data", async () => {
    const { video, busySession } = setup();
    const { sessionId, connectionId } = await busySession();
    const signal = { type: "bye" } as unknown as Parameters<typeof video.sendSignal>[0];
    expect(await statusOf(video.sendSignal(signal, sessionId, connectionId))).toBe(400);
  });

  it("refuses resolution on an individual archive and out-of-range encodings", async () => {
    const { video, busySession } = setup();
    const { sessionId } = await busySession();
    type ArchiveOptions = Parameters<typeof video.startArchive>[1];
    const start = (options: Record<string, unknown>) =>
      statusOf(video.startArchive(sessionId, options as ArchiveOptions));
    expect(await start({ outputMode: "individual", resolution: "1280x720" })).toBe(400);
    expect(await start({ maxBitrate: 50_000 })).toBe(400);
    expect(await start({ quantizationParameter: 50 })).toBe(400);
    expect(await start({ maxBitrate: 2_000_000, quantizationParameter: 20 })).toBe(400);
    expect(await start({ outputMode: "individual" })).toBe("resolved");
  });

  it("refuses a stream added with neither audio nor video", async () => {
    const { video, busySession } = setup();
    const { sessionId, streamId } = await busySession();
    const archive = await video.startArchive(sessionId, { streamMode: StreamMode.MANUAL });
    expect(await statusOf(video.addArchiveStream(archive.id, streamId, false, false))).toBe(400);
    expect(await statusOf(video.addArchiveStream(archive.id, streamId, true, false))).toBe(
      "resolved",
    );
  });

  it("refuses the SDK's requests signed with a token living over 24 h or not valid yet", async () => {
    const now = Math.floor(Date.now() / 1000);
    setup();
    expect(await statusOf(sdkVideo({ ttl: 25 * 3600 }).createSession())).toBe(403);
    expect(await statusOf(sdkVideo({ nbf: now + 120 }).createSession())).toBe(403);
    expect(await statusOf(sdkVideo({ ttl: 3600 }).createSession())).toBe("resolved");
  });

  it("refuses at connect the SDK's client tokens over 30 days or with connection data over 1,000 characters", async () => {
    const { video, vonage } = setup();
    const { sessionId } = await video.createSession();
    const now = Math.floor(Date.now() / 1000);
    const day = 24 * 3600;
    const connect = (options: Parameters<typeof video.generateClientToken>[1]) =>
      vonage.state.connect(sessionId, { token: video.generateClientToken(sessionId, options) });
    expect(() => connect({ expireTime: now + 31 * day })).toThrow(ClientTokenError);
    expect(() => connect({ data: "d".repeat(1001) })).toThrow(ClientTokenError);
    expect(connect({ expireTime: now + 29 * day, data: "d".repeat(1000) }).data).toHaveLength(1000);
  });
});

describe("injected documented states, through the SDK", () => {
  it("shows a failed broadcast as failed, without URLs, and answers its stop with 404", async () => {
    const { video, vonage, busySession } = setup();
    const { sessionId } = await busySession();
    const started = await video.startBroadcast(sessionId, asConfig({ outputs: { hls: {} } }));
    vonage.state.failBroadcast(started.id);
    expect(await video.getBroadcast(started.id)).toMatchObject({
      status: "failed",
      broadcastUrls: null,
    });
    expect(await statusOf(video.stopBroadcast(started.id))).toBe(404);
    expect((await video.searchBroadcasts({ sessionId })).count).toBe(0);
  });

  it("answers get and search of a tagged broadcast without multiBroadcastTag while asked to", async () => {
    const { video, vonage, busySession } = setup();
    const { sessionId } = await busySession();
    const started = await video.startBroadcast(
      sessionId,
      asConfig({ outputs: { hls: {} }, multiBroadcastTag: "side" }),
    );
    // The SDK's type misspells the field (multiBroadcasTag): read the answers as plain objects.
    const tagOf = (answer: object) => (answer as Record<string, unknown>).multiBroadcastTag;
    expect(tagOf(started)).toBe("side");
    vonage.state.omitMultiBroadcastTag();
    expect(tagOf(await video.getBroadcast(started.id))).toBeUndefined();
    const found = await video.searchBroadcasts({ sessionId });
    expect(found.items.map((b) => [b.id, tagOf(b)])).toEqual([[started.id, undefined]]);
  });

  it("shows a failed archive with Vonage's default reason, and an archive uploaded before its stop as uploaded", async () => {
    const { video, vonage, busySession } = setup();
    const { sessionId } = await busySession();
    const failed = await video.startArchive(sessionId, { name: "seg-0" });
    vonage.state.failArchive(failed.id);
    expect(await video.getArchive(failed.id)).toMatchObject({
      status: "failed",
      reason: "failure",
    });
    const uploaded = await video.startArchive(sessionId, { name: "seg-1" });
    vonage.state.uploadBeforeStopped(uploaded.id);
    expect(await video.getArchive(uploaded.id)).toMatchObject({
      status: "uploaded",
      reason: "session ended",
      url: null,
    });
  });

  it("after a media-router crash, nobody is connected: disconnecting is 404, archiving is refused", async () => {
    const { video, vonage, busySession } = setup();
    const { sessionId, connectionId } = await busySession();
    vonage.state.crashMediaRouter(sessionId);
    expect(await statusOf(video.disconnectClient(sessionId, connectionId))).toBe(404);
    expect(await statusOf(video.startArchive(sessionId, { name: "seg-0" }))).toBe(404);
    const back = vonage.state.connect(sessionId, { data: "pk_1" });
    vonage.state.publish(back.id, { audioOnly: true });
    expect(await statusOf(video.startArchive(sessionId, { name: "seg-0" }))).toBe("resolved");
  });
});
