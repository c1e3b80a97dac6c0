// The emulated Vonage Video API as @vonage/server-sdk sees it, unmodified: each answer or refusal
// below is one Vonage documents (the Video REST reference, OpenAPI 0.3.2, unless said otherwise),
// so that a test passing on the emulation does not fail on Vonage.
import { Auth } from "@vonage/auth";
import { Vonage } from "@vonage/server-sdk";
import { describe, expect, it } from "vitest";
import { createHarness, credentials, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

function setup() {
  const h = createHarness();
  const video = new Vonage(
    new Auth({ applicationId: credentials.applicationId, privateKey: credentials.privateKey }),
  ).video;
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
