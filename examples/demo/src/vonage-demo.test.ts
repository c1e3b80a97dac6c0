// The demo on Vonage, in-process, against the Vonage Video API emulated on msw: the real
// @onair/vonage provider and Vonage SDK make their REST calls, the browsers' Vonage clients are
// played by the emulation (connect with the grant's token, publish), and Vonage's callbacks are
// POSTed to the demo's webhook route signed as Vonage signs them. Nothing reaches the network:
// only the demo's own server (127.0.0.1) is let through.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AudienceView } from "@onair/core";
import type { Scheduler } from "@onair/express";
import { createTestClock, type TestClock } from "@onair/testing";
import {
  createVonageMsw,
  createVonageTestCredentials,
  type VonageMsw,
} from "@onair/testing/vonage-msw";
import { createVonageProvider, type VonageProvider } from "@onair/vonage";
import { setupServer } from "msw/node";
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundlePages, vonageSdkPackage } from "./bundle.js";
import { createDemoApp, type DemoApp } from "./create-demo-app.js";
import { webhookPath } from "./demo-config.js";
import { openEventStream } from "./test-support/event-stream.js";

const credentials = createVonageTestCredentials();
const msw = setupServer();
beforeAll(() =>
  msw.listen({
    onUnhandledFrame({ frame, defaults }) {
      const request = (frame as { data?: { request?: Request } }).data?.request;
      if (request !== undefined && new URL(request.url).hostname === "127.0.0.1") return;
      defaults.error();
    },
  }),
);
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

const admin = "admin@example.com";
const lea = "lea@example.com";
const sam = "sam@example.com";
/** Heartbeats never fire by themselves in tests. */
const noHeartbeats: Scheduler = { every: () => () => {} };

let hosts = 0;

describe("the demo on Vonage (emulated Video API), through HTTP", () => {
  let clock: TestClock;
  let vonage: VonageMsw;
  let provider: VonageProvider;
  let demo: DemoApp<VonageProvider>;
  let server: Server;
  let base: string;
  let warnings: string[];
  let delivered: number;

  beforeEach(async () => {
    clock = createTestClock(Date.parse("2026-06-01T08:00:00Z"));
    const videoHost = `https://video-${++hosts}.vonage.test`;
    vonage = createVonageMsw({ ...credentials, videoHost, clock });
    msw.use(...vonage.handlers);
    provider = createVonageProvider({
      applicationId: credentials.applicationId,
      privateKey: credentials.privateKey,
      signatureSecret: credentials.signatureSecret,
      videoHost,
      clock,
      timeoutMs: 2_000,
    });
    warnings = [];
    const record = (level: string) => (_obj: unknown, msg?: string) => {
      warnings.push(`${level}: ${msg ?? ""}`);
    };
    demo = createDemoApp({
      vonage: provider,
      clock,
      logger: { debug: () => {}, info: () => {}, warn: record("warn"), error: record("error") },
      tickEveryMs: null,
      routerSettings: { scheduler: noHeartbeats },
    });
    server = createServer(demo.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    delivered = 0;
  });

  afterEach(async () => {
    await demo.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const as = async (email: string) => {
    const agent = request.agent(base);
    await agent.post("/demo/sign-in").send({ email }).expect(200);
    return agent;
  };

  /** POSTs every callback Vonage made since the last call to the demo, signed as Vonage does. */
  const deliverCallbacks = async () => {
    while (delivered < vonage.state.callbacks.length) {
      const callback = vonage.state.callbacks[delivered++];
      const { headers, body } = vonage.webhook(callback ?? {});
      await request(base).post(webhookPath).set(headers).send(body).expect(204);
    }
  };

  it("runs a live from the back office to Vonage's replay: HLS broadcast, archive, signed callbacks", async () => {
    expect(demo.providerName).toBe("vonage");
    const backOffice = await as(admin);
    const moderator = await as(lea);
    const speaker = await as(sam);

    const created = await backOffice
      .post("/api/sessions")
      .send({
        title: "Product launch",
        startsAt: "2026-06-01T09:00:00Z",
        endsAt: "2026-06-01T10:00:00Z",
        timeZone: "Europe/Paris",
        participants: [
          { email: lea, role: "moderator" },
          { email: sam, role: "speaker" },
        ],
      })
      .expect(201);
    const id: string = created.body.id;
    await backOffice.post(`/api/sessions/${id}/publish`).send({}).expect(200);
    const events = await openEventStream<AudienceView>(`${base}/api/sessions/${id}/events`);
    const waiting = await events.until((view) => view.screen === "waiting");
    expect(waiting.delivery).toBe("hls");

    // A moderator's join answers a Vonage connection: the application, the room, a token.
    const leaGrant = (await moderator.post(`/api/sessions/${id}/join`).send({}).expect(200)).body;
    // The first join asks Vonage for the room (a routed session).
    expect([...vonage.state.sessions.keys()]).toHaveLength(1);
    const [roomId] = [...vonage.state.sessions.keys()];
    expect(leaGrant).toMatchObject({ role: "moderator", providerRole: "moderator", camera: "off" });
    expect(leaGrant.connection).toEqual({
      provider: "vonage",
      applicationId: credentials.applicationId,
      roomId,
      token: expect.any(String),
    });
    const samGrant = (await speaker.post(`/api/sessions/${id}/join`).send({}).expect(200)).body;
    expect(samGrant.providerRole).toBe("publisher");

    // The browsers' Vonage clients connect with those tokens (Vonage checks them) and Sam's
    // camera is published; Vonage's session-monitoring callbacks reach the demo.
    const leaClient = vonage.state.connect(roomId ?? "", { token: leaGrant.connection.token });
    const samClient = vonage.state.connect(roomId ?? "", { token: samGrant.connection.token });
    const samCamera = vonage.state.publish(samClient.id);
    await deliverCallbacks();
    expect(leaClient.id).not.toBe(samClient.id);
    // The demo's simulated clients are the mock's: on Vonage the page connects by itself.
    const simulated = await speaker
      .post(`/demo/sessions/${id}/client/connect`)
      .send({ token: samGrant.connection.token })
      .expect(409);
    expect(simulated.body.code).toBe("CONFLICT");

    // Start: Vonage is asked for an archive (the replay) and a broadcast (the audience's HLS).
    const started = await moderator.post(`/api/sessions/${id}/live/start`).send({}).expect(200);
    expect(started.body.phase).toBe("live");
    const operations = vonage.state.requests.map((r) => r.operation);
    expect(operations).toContain("startArchive");
    expect(operations).toContain("startBroadcast");
    expect([...vonage.state.archives.values()].map((a) => a.status)).toEqual(["started"]);
    expect([...vonage.state.broadcasts.values()].map((b) => b.status)).toEqual(["started"]);
    await deliverCallbacks();
    await moderator
      .put(`/api/sessions/${id}/stage`)
      .send({ streamIds: [samCamera.id], layout: "grid" })
      .expect(200);
    const [broadcast] = [...vonage.state.broadcasts.values()];
    expect(broadcast?.streams.map((s) => s.streamId)).toEqual([samCamera.id]);

    // R-AUD-1: the HLS URL reaches the audience only once the broadcast plays (~20 s).
    const beforePlaying = await request(base).get(`/api/sessions/${id}/audience`).expect(200);
    expect(beforePlaying.body).toMatchObject({ screen: "live", delivery: "hls", hlsUrl: null });
    clock.advance(20_000);
    await demo.tick();
    const playing = await request(base).get(`/api/sessions/${id}/audience`).expect(200);
    expect(playing.body.hlsUrl).toMatch(/^https:\/\/.+\.m3u8$/);
    expect(playing.body.hlsUrl).toContain(broadcast?.id ?? "no broadcast");
    // The event page is told too, without asking.
    const pushed = await events.until((view) => view.hlsUrl !== null);
    expect(pushed.hlsUrl).toBe(playing.body.hlsUrl);

    // No browser recording on Vonage: the upload route of the mock's stand-in does not exist.
    await moderator
      .put(`/demo/media/${id}/recording`)
      .set("content-type", "video/webm")
      .send(Buffer.from("not a recording"))
      .expect(404);

    // Stop: the archive and the broadcast stop; the replay is being processed.
    clock.advance(10 * 60_000);
    const stopped = await moderator.post(`/api/sessions/${id}/live/stop`).send({}).expect(200);
    expect(stopped.body).toMatchObject({ phase: "ended", replay: "processing" });
    const [archive] = [...vonage.state.archives.values()];
    expect(archive?.status).toBe("stopped");
    await deliverCallbacks();
    await events.until((view) => view.screen === "replay-processing");
    expect((await request(base).get(`/api/sessions/${id}/replay`).expect(409)).body.code).toBe(
      "REPLAY_NOT_READY",
    );

    // Vonage finishes processing; its signed archive callback makes the replay ready, and the
    // replay link redirects to a fresh download link of the archive (R-LIFE-7).
    vonage.state.finishArchive(archive?.id ?? "");
    await deliverCallbacks();
    const replay = await events.until((view) => view.screen === "replay");
    expect(replay.replay).toBe("ready");
    const redirect = await request(base)
      .get(`/api/sessions/${id}/replay`)
      .set("accept", "text/html")
      .expect(302);
    expect(redirect.headers.location).toMatch(/^https:\/\//);
    expect(redirect.headers.location).not.toContain("/demo/media/");
    events.close();
    expect(warnings).toEqual([]);
  });

  it("refuses a callback that is not signed with the application's secret", async () => {
    const forged = vonage.webhook(
      { event: "connectionCreated", sessionId: "s", timestamp: clock.now() },
      { secret: "someone-else-entirely-secret" },
    );
    await request(base).post(webhookPath).set(forged.headers).send(forged.body).expect(401);
    const unsigned = vonage.webhook({ event: "connectionCreated" }, { secret: null });
    await request(base).post(webhookPath).set(unsigned.headers).send(unsigned.body).expect(401);
  });

  it("serves pages that may reach Vonage, with the Vonage client SDK in a chunk of its own", async () => {
    const page = await request(base).get("/sessions/ses_1/control").expect(200);
    const policy = page.headers["content-security-policy"] ?? "";
    expect(policy).toContain("wss://*.opentok.com");
    expect(policy).toContain("wss://*.tokbox.com");
    expect(policy).toContain("script-src 'self';");

    // The SDK (one of its own strings marks it) is not in the control room's entry: @onair/client
    // imports it on the first connect of a Vonage grant, from a chunk this server serves.
    const sdkMark = "static.opentok.com";
    const control = await request(base).get("/assets/control.js").expect(200);
    expect(control.text).not.toContain(sdkMark);
    const vonageBundle = bundlePages(() => {}, { vonageSdk: true });
    const sdkChunks = [...vonageBundle.files].filter(([, text]) => text.includes(sdkMark));
    expect(sdkChunks.map(([name]) => name)).toEqual([expect.stringMatching(/^chunk-.+\.js$/)]);
    for (const [name] of sdkChunks) await request(base).get(`/assets/${name}`).expect(200);
    expect([...vonageBundle.files.values()].join("\n")).not.toContain(`"${vonageSdkPackage}"`);

    // On the mock provider the SDK is left out: its import stays, never reached.
    const mockBundle = bundlePages(() => {}, { vonageSdk: false });
    const mockText = [...mockBundle.files.values()].join("\n");
    expect(mockText).not.toContain(sdkMark);
    expect(mockText).toContain(`"${vonageSdkPackage}"`);
    expect(mockBundle.bytes).toBeLessThan(vonageBundle.bytes);
  });

  it("closes the provider with the app: later calls are refused", async () => {
    await demo.close();
    await expect(provider.createRoom("ses_after_close")).rejects.toMatchObject({
      code: "PROVIDER_FAILED",
      retriable: false,
    });
  });
});
