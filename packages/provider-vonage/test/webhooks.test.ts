// Webhooks of the Vonage provider: every archive status, provider-initiated stops (R-LIFE-3),
// duplicate and reordered deliveries (stateless parsing), session monitoring, and R-SEC-1's
// refusals of unsigned, forged, stale or tampered deliveries.
import { createHmac } from "node:crypto";
import type { ProviderEvent } from "@onair/core";
import { expectLiveError } from "@onair/testing";
import { describe, expect, it } from "vitest";
import { createVonageProvider } from "../src/index.js";
import { createHarness, credentials, useEmulatedVonage } from "./harness.js";

useEmulatedVonage();

/** A room recording its stage, ready for Vonage to call back about it. */
async function recordingRoom() {
  const h = createHarness();
  const room = await h.busyRoom();
  const recording = await h.provider.startRecording(room.roomId, {
    name: "onair-ses_1-000",
    stage: { streamIds: [room.streamId], layout: "grid", focusStreamId: null },
  });
  return { ...h, ...room, recordingId: recording.id };
}

const archiveCallbacks = (h: Awaited<ReturnType<typeof recordingRoom>>) =>
  h.vonage.state.callbacks.filter((c) => c.event === "archive" && c.id === h.recordingId);

describe("archive callbacks", () => {
  it("R-LIFE-4: maps every archive status Vonage reports, with its reason and the room", async () => {
    const h = await recordingRoom();
    const statuses = ["started", "paused", "stopped", "uploaded", "available", "expired", "failed"];
    for (const status of statuses) {
      const current = h.vonage.payloads.archive(h.recordingId);
      const payload = {
        ...current,
        status,
        reason: status === "failed" ? "system failure" : "",
        duration: status === "started" || status === "paused" ? 0 : 42,
      };
      const delivery = h.vonage.webhook(payload);
      const events = await h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now());
      expect(events).toEqual([
        {
          type: "recording",
          roomId: h.roomId,
          recordingId: h.recordingId,
          name: "onair-ses_1-000",
          status,
          reason: status === "failed" ? "system failure" : null,
          duration: status === "started" || status === "paused" ? null : 42,
          at: current.createdAt,
        },
      ]);
    }
  });

  it("R-LIFE-3: reports the idle stop Vonage makes 60 s after the last client left", async () => {
    const h = await recordingRoom();
    h.vonage.state.leave(h.connectionId);
    h.vonage.state.pauseArchive(h.recordingId);
    h.clock.advance(60_000);
    h.vonage.state.autoStopArchive(h.recordingId, "session ended");
    const [paused, stopped] = archiveCallbacks(h).slice(-2);
    const parse = async (payload: object | undefined) => {
      const delivery = h.vonage.webhook(payload ?? {});
      return h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now());
    };
    expect(await parse(paused)).toMatchObject([{ status: "paused", reason: null }]);
    expect(await parse(stopped)).toEqual([
      expect.objectContaining({
        type: "recording",
        recordingId: h.recordingId,
        status: "stopped",
        reason: "session ended",
        duration: 60,
      }),
    ]);
  });

  it("R-LIFE-3: reports the stop after the maximum duration with its reason", async () => {
    const h = await recordingRoom();
    h.clock.advance(4 * 3600_000);
    h.vonage.state.autoStopArchive(h.recordingId, "maximum duration exceeded");
    const stopped = archiveCallbacks(h).at(-1);
    const delivery = h.vonage.webhook(stopped ?? {});
    const events = await h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now());
    expect(events).toEqual([
      expect.objectContaining({
        status: "stopped",
        reason: "maximum duration exceeded",
        duration: 4 * 3600,
      }),
    ]);
  });

  it("R-SEC-1: parses a duplicate delivery to the same events (the core deduplicates)", async () => {
    const h = await recordingRoom();
    const started = archiveCallbacks(h)[0];
    const first = h.vonage.webhook(started ?? {});
    h.clock.advance(30_000);
    // Vonage retries with a new token: only the signature differs.
    const retry = h.vonage.webhook(started ?? {});
    expect(retry.headers.authorization).not.toBe(first.headers.authorization);
    const a = await h.provider.parseWebhook(first.headers, first.body, h.clock.now());
    const b = await h.provider.parseWebhook(retry.headers, retry.body, h.clock.now());
    const again = await h.provider.parseWebhook(first.headers, first.body, h.clock.now());
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    expect(again).toEqual(a);
  });

  it("R-SEC-1: parses reordered deliveries each to its own events, whatever the order", async () => {
    const h = await recordingRoom();
    await h.provider.stopRecording(h.recordingId);
    h.vonage.state.finishArchive(h.recordingId);
    const deliveries = archiveCallbacks(h).map((payload) => h.vonage.webhook(payload));
    const parseAll = (list: typeof deliveries) =>
      Promise.all(list.map((d) => h.provider.parseWebhook(d.headers, d.body, h.clock.now())));
    const inOrder = await parseAll(deliveries);
    const reversed = await parseAll([...deliveries].reverse());
    expect(inOrder.map((events) => events[0]?.type === "recording" && events[0].status)).toEqual([
      "started",
      "stopped",
      "available",
    ]);
    expect(reversed.reverse()).toEqual(inOrder);
  });

  it("never passes the archive's download link on in events (links are asked fresh, R-LIFE-7)", async () => {
    const h = await recordingRoom();
    await h.provider.stopRecording(h.recordingId);
    h.vonage.state.finishArchive(h.recordingId);
    const available = archiveCallbacks(h).at(-1);
    expect(available?.url).toEqual(expect.stringMatching(/^https:\/\//));
    const delivery = h.vonage.webhook(available ?? {});
    const [event] = await h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now());
    expect(event).toMatchObject({ status: "available" });
    expect(JSON.stringify(event)).not.toContain("https://");
  });
});

describe("broadcast and session monitoring callbacks", () => {
  it("R-AUD-1: maps broadcast starts and stops, with the HLS link while it plays", async () => {
    const h = createHarness();
    const room = await h.busyRoom();
    const broadcast = await h.provider.startBroadcast(room.roomId, {
      streamIds: [room.streamId],
      layout: "grid",
      focusStreamId: null,
    });
    h.vonage.state.autoStopBroadcast(broadcast.id, "maximum duration exceeded");
    const callbacks = h.vonage.state.callbacks.filter((c) => c.event === "broadcast");
    const events: ProviderEvent[] = [];
    for (const payload of callbacks) {
      const delivery = h.vonage.webhook(payload);
      events.push(
        ...(await h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now())),
      );
    }
    expect(events).toEqual([
      expect.objectContaining({
        type: "broadcast",
        roomId: room.roomId,
        broadcastId: broadcast.id,
        status: "started",
        hlsUrl: broadcast.hlsUrl,
      }),
      expect.objectContaining({
        status: "stopped",
        reason: "maximum duration exceeded",
        hlsUrl: null,
      }),
    ]);
  });

  it("maps connections and streams, with connection data and video types", async () => {
    const h = createHarness();
    const { roomId } = await h.provider.createRoom("ses_monitoring");
    const connection = h.vonage.state.connect(roomId, { data: "onair1|pk_b|speaker|g_9" });
    const camera = h.vonage.state.publish(connection.id);
    const screen = h.vonage.state.publish(connection.id, { videoType: "screen" });
    h.vonage.state.unpublish(screen.id, "mediaStopped");
    h.vonage.state.leave(connection.id, "networkDisconnected");
    const events: ProviderEvent[] = [];
    for (const payload of h.vonage.state.callbacks) {
      const delivery = h.vonage.webhook(payload);
      events.push(
        ...(await h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now())),
      );
    }
    const data = "onair1|pk_b|speaker|g_9";
    expect(events).toEqual([
      expect.objectContaining({
        type: "connection-created",
        connectionId: connection.id,
        connectionData: data,
      }),
      expect.objectContaining({
        type: "stream-created",
        streamId: camera.id,
        videoType: "camera",
        connectionData: data,
      }),
      expect.objectContaining({ type: "stream-created", streamId: screen.id, videoType: "screen" }),
      expect.objectContaining({
        type: "stream-destroyed",
        streamId: screen.id,
        reason: "mediaStopped",
      }),
      expect.objectContaining({
        type: "stream-destroyed",
        streamId: camera.id,
        reason: "networkDisconnected",
      }),
      expect.objectContaining({
        type: "connection-destroyed",
        connectionId: connection.id,
        connectionData: data,
        reason: "networkDisconnected",
      }),
    ]);
    expect(events.every((event) => event.roomId === roomId)).toBe(true);
  });

  it("ignores event types onair does not use, and unknown statuses, instead of failing", async () => {
    const h = createHarness();
    for (const payload of [
      { event: "sessionCreated", sessionId: "2_MX4x", timestamp: 1 },
      { event: "captions", sessionId: "2_MX4x", status: "started" },
      { ...{ event: "archive", id: "a", sessionId: "s", createdAt: 1 }, status: "rebooting" },
      { sessionId: "2_MX4x", note: "no event name" },
    ]) {
      const delivery = h.vonage.webhook(payload);
      await expect(
        h.provider.parseWebhook(delivery.headers, delivery.body, h.clock.now()),
      ).resolves.toEqual([]);
    }
  });

  it("refuses a verified delivery that is not JSON, or a known event with a wrong shape", async () => {
    const h = createHarness();
    const notJson = h.vonage.webhook("{ not json");
    await expectLiveError(
      h.provider.parseWebhook(notJson.headers, notJson.body, h.clock.now()),
      "INVALID_INPUT",
    );
    const wrong = h.vonage.webhook({ event: "archive", id: 42, sessionId: "s", status: "started" });
    const error = await expectLiveError(
      h.provider.parseWebhook(wrong.headers, wrong.body, h.clock.now()),
      "INVALID_INPUT",
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["id", "createdAt"]),
    );
    const array = h.vonage.webhook("[]");
    await expectLiveError(
      h.provider.parseWebhook(array.headers, array.body, h.clock.now()),
      "INVALID_INPUT",
    );
  });
});

describe("R-SEC-1: secure callbacks", () => {
  const sample = (now: number) => ({
    event: "archive",
    id: "b40ef09b-3811-4726-b508-e41a0f96c68f",
    sessionId: "2_MX4sample",
    status: "stopped",
    name: "onair-ses_1-000",
    reason: "user initiated",
    duration: 12,
    createdAt: now,
  });

  const refused = async (
    h: ReturnType<typeof createHarness>,
    delivery: { headers: Record<string, string>; body: string },
    now = h.clock.now(),
  ) =>
    expectLiveError(h.provider.parseWebhook(delivery.headers, delivery.body, now), "UNAUTHORIZED");

  it("R-SEC-1: accepts the token with or without Bearer, in any header case, body as bytes", async () => {
    const h = createHarness();
    const plain = h.vonage.webhook(sample(h.clock.now()), { bearer: false });
    expect(plain.headers.authorization).not.toMatch(/^Bearer /);
    const shouted = { Authorization: plain.headers.authorization ?? "" };
    const events = await h.provider.parseWebhook(
      shouted,
      new TextEncoder().encode(plain.body),
      h.clock.now(),
    );
    expect(events).toMatchObject([{ type: "recording", status: "stopped" }]);
  });

  it("R-SEC-1: refuses an unsigned delivery", async () => {
    const h = createHarness();
    await refused(h, h.vonage.webhook(sample(h.clock.now()), { secret: null }));
  });

  it("R-SEC-1: refuses a delivery signed with another secret", async () => {
    const h = createHarness();
    await refused(
      h,
      h.vonage.webhook(sample(h.clock.now()), { secret: "another-secret-of-24-chars" }),
    );
  });

  it("R-SEC-1: accepts each callback type signed with its own secret when given several", async () => {
    const monitoring = "session-monitoring-secret-0001";
    const archives = credentials.signatureSecret;
    const broadcasts = "broadcast-callbacks-secret-0003";
    const h = createHarness({ signatureSecret: [monitoring, archives, broadcasts] });
    const now = h.clock.now();
    const accepted = async (delivery: { headers: Record<string, string>; body: string }) =>
      expect(h.provider.parseWebhook(delivery.headers, delivery.body, now)).resolves.toHaveLength(
        1,
      );
    await accepted(h.vonage.webhook(sample(now), { secret: archives }));
    await accepted(h.vonage.webhook(sample(now), { secret: broadcasts }));
    await accepted(
      h.vonage.webhook(
        {
          event: "connectionCreated",
          sessionId: "2_MX4sample",
          applicationId: credentials.applicationId,
          timestamp: now,
          connection: { id: "c1", createdAt: now, data: "pk_1" },
        },
        { secret: monitoring },
      ),
    );
    // A secret given to none of them still forges nothing.
    await refused(h, h.vonage.webhook(sample(now), { secret: "another-secret-of-24-chars" }));
    await refused(h, h.vonage.webhook(sample(now), { secret: null }));
  });

  it("R-SEC-1: a single secret in a list works as the secret alone", async () => {
    const h = createHarness({ signatureSecret: [credentials.signatureSecret] });
    const now = h.clock.now();
    const delivery = h.vonage.webhook(sample(now));
    await expect(
      h.provider.parseWebhook(delivery.headers, delivery.body, now),
    ).resolves.toHaveLength(1);
    await refused(h, h.vonage.webhook(sample(now), { secret: "another-secret-of-24-chars" }));
  });

  it("R-SEC-1: refuses tokens issued more than 5 minutes before or after now", async () => {
    const h = createHarness();
    const now = h.clock.now();
    await refused(h, h.vonage.webhook(sample(now), { signedAt: now - 5 * 60_000 - 1_000 }));
    await refused(h, h.vonage.webhook(sample(now), { signedAt: now + 5 * 60_000 + 1_000 }));
    const fresh = h.vonage.webhook(sample(now), { signedAt: now - 4 * 60_000 });
    await expect(h.provider.parseWebhook(fresh.headers, fresh.body, now)).resolves.toHaveLength(1);
    // The same valid delivery, replayed 6 minutes later.
    await refused(h, fresh, now + 6 * 60_000);
  });

  it("R-SEC-1: refuses an expired token and one without an issue time", async () => {
    const h = createHarness();
    const now = h.clock.now();
    await refused(
      h,
      h.vonage.webhook(sample(now), { claims: { exp: Math.floor(now / 1000) - 10 } }),
    );
    await refused(h, h.vonage.webhook(sample(now), { claims: { iat: undefined } }));
  });

  it("R-SEC-1: refuses another issuer, another application, and a body changed after signing", async () => {
    const h = createHarness();
    const now = h.clock.now();
    await refused(h, h.vonage.webhook(sample(now), { claims: { iss: "Someone" } }));
    await refused(h, h.vonage.webhook(sample(now), { claims: { application_id: "other-app" } }));
    const genuine = h.vonage.webhook(sample(now));
    const tampered = { ...genuine, body: genuine.body.replace('"stopped"', '"available"') };
    await refused(h, tampered);
  });

  it("R-SEC-1: refuses tokens that pick their own algorithm (none, RS256)", async () => {
    const h = createHarness();
    const body = JSON.stringify(sample(h.clock.now()));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = encode({ iat: Math.floor(h.clock.now() / 1000), iss: "Vonage" });
    const none = `${encode({ alg: "none", typ: "JWT" })}.${claims}.`;
    await refused(h, { headers: { authorization: none }, body });
    const rsHeader = encode({ alg: "RS256", typ: "JWT" });
    const rsMac = createHmac("sha256", credentials.signatureSecret)
      .update(`${rsHeader}.${claims}`)
      .digest("base64url");
    await refused(h, { headers: { authorization: `${rsHeader}.${claims}.${rsMac}` }, body });
    await refused(h, { headers: { authorization: "Bearer not-a-jwt" }, body });
    await refused(h, { headers: { authorization: ["a.b.c", "d.e.f"] as unknown as string }, body });
  });

  it("R-SEC-1: each refusal carries the reason the core counts, never the secret or the token", async () => {
    const h = createHarness();
    const now = h.clock.now();
    const reasonOf = async (
      delivery: { headers: Record<string, string>; body: string },
      code: "UNAUTHORIZED" | "INVALID_INPUT" = "UNAUTHORIZED",
    ) => {
      const error = await expectLiveError(
        h.provider.parseWebhook(delivery.headers, delivery.body, now),
        code,
      );
      const text = JSON.stringify({ ...error, message: error.message });
      expect(text).not.toContain(credentials.signatureSecret);
      const token = delivery.headers.authorization;
      if (token !== undefined && token !== "") expect(text).not.toContain(token);
      return (error as { reason?: unknown }).reason;
    };
    expect(await reasonOf(h.vonage.webhook(sample(now), { secret: null }))).toBe("unsigned");
    const otherSecret = { secret: "another-secret-of-24-chars" };
    expect(await reasonOf(h.vonage.webhook(sample(now), otherSecret))).toBe("signature");
    expect(await reasonOf(h.vonage.webhook(sample(now), { claims: { application_id: "x" } }))).toBe(
      "signature",
    );
    const early = { signedAt: now - 5 * 60_000 - 1_000 };
    expect(await reasonOf(h.vonage.webhook(sample(now), early))).toBe("stale");
    const expired = { claims: { exp: Math.floor(now / 1000) - 10 } };
    expect(await reasonOf(h.vonage.webhook(sample(now), expired))).toBe("stale");
    expect(await reasonOf(h.vonage.webhook("{ not json"), "INVALID_INPUT")).toBe("body");
    const wrong = { event: "archive", id: 42, sessionId: "s", status: "started" };
    expect(await reasonOf(h.vonage.webhook(wrong), "INVALID_INPUT")).toBe("body");
  });

  it("R-SEC-1: refuses a delivery carrying Authorization twice under different cases", async () => {
    const h = createHarness();
    const genuine = h.vonage.webhook(sample(h.clock.now()));
    const forged = h.vonage.webhook(sample(h.clock.now()), {
      secret: "another-secret-of-24-chars",
    });
    const token = genuine.headers.authorization ?? "";
    const other = forged.headers.authorization ?? "";
    await refused(h, {
      headers: { Authorization: token, authorization: other },
      body: genuine.body,
    });
    await refused(h, {
      headers: { authorization: token, AUTHORIZATION: token },
      body: genuine.body,
    });
  });

  it("R-SEC-1: with verification explicitly off (development), reads unsigned deliveries", async () => {
    const h = createHarness();
    const insecure = createVonageProvider({
      applicationId: credentials.applicationId,
      privateKey: credentials.privateKey,
      verifyWebhooks: false,
      insecureSkipWebhookVerification: true,
    });
    const unsigned = h.vonage.webhook(sample(h.clock.now()), { secret: null });
    await expect(
      insecure.parseWebhook(unsigned.headers, unsigned.body, h.clock.now()),
    ).resolves.toMatchObject([{ type: "recording", status: "stopped" }]);
    await refused(h, unsigned);
  });
});
