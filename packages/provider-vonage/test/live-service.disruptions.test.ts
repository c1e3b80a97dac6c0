// The live service on the Vonage provider through the disruptions Vonage documents: a media
// router that fails (every connection closed with forceDisconnected, then sessionDestroyed) and
// audio-only speakers. The Vonage Video API is emulated on msw; deliveries are signed like
// Vonage's secure callbacks.
import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createTestClock } from "@onair/testing";
import { createVonageMsw, createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createVonageProvider } from "../src/index.js";

const credentials = createVonageTestCredentials();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

const moderator = { email: "mod@example.com" };
const speaker = { email: "speaker@example.com" };

async function setup() {
  const clock = createTestClock();
  const vonage = createVonageMsw({ ...credentials, clock });
  server.resetHandlers(...vonage.handlers);
  const provider = createVonageProvider({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    clock,
  });
  const service = createLiveService({
    store: createInMemoryStore(),
    changes: createInMemoryChangeFeed(),
    provider,
    clock,
  });
  const session = await service.createSession({
    title: "Panel",
    startsAt: "2026-01-01T10:00:00Z",
    endsAt: "2026-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [
      { email: moderator.email, role: "moderator" },
      { email: speaker.email, role: "speaker" },
    ],
  });
  const sessionId = (await service.publishSession(session.id)).id;
  let delivered = 0;
  const deliverCallbacks = async () => {
    for (const callback of vonage.state.callbacks.slice(delivered)) {
      delivered += 1;
      const { headers, body } = vonage.webhook(callback);
      for (const event of await provider.parseWebhook(headers, body, clock.now())) {
        await service.handleProviderEvent(event);
      }
    }
  };
  const enter = async (identity: { email: string }, publish: { audioOnly?: boolean } = {}) => {
    const grant = await service.join(sessionId, identity);
    const connection = vonage.state.connect(grant.connection.roomId, {
      token: grant.connection.token,
    });
    const stream = vonage.state.publish(connection.id, publish);
    await deliverCallbacks();
    return { grant, connection, stream };
  };
  return { clock, vonage, service, sessionId, deliverCallbacks, enter };
}

it("R-LIFE-3: after a media-router crash presence drops to zero, the live goes on, and people who reconnect are counted again", async () => {
  const { vonage, service, sessionId, deliverCallbacks, enter } = await setup();
  const host = await enter(moderator);
  await enter(speaker);
  await service.startLive(sessionId, moderator);
  expect(await service.presence(sessionId, moderator)).toMatchObject({
    moderators: 1,
    speakers: 1,
  });

  vonage.state.crashMediaRouter(host.grant.connection.roomId);
  await deliverCallbacks();
  expect(await service.presence(sessionId, moderator)).toMatchObject({
    moderators: 0,
    speakers: 0,
  });
  const during = await service.getSession(sessionId);
  expect(during.live.phase).toBe("live");
  expect(during.live.streams).toEqual([]);

  await enter(moderator);
  await enter(speaker);
  expect(await service.presence(sessionId, moderator)).toMatchObject({
    moderators: 1,
    speakers: 1,
  });
  expect((await service.getSession(sessionId)).live.phase).toBe("live");
});

it("R-STAGE-1: an audio-only speaker is a stream, backstage first, then on stage in the outputs", async () => {
  const { vonage, service, sessionId, enter } = await setup();
  await enter(moderator);
  const voice = await enter(speaker, { audioOnly: true });
  expect((await service.getSession(sessionId)).live.streams.map((s) => s.streamId)).toContain(
    voice.stream.id,
  );
  await service.startLive(sessionId, moderator);
  await service.setStage(sessionId, moderator, { streamIds: [voice.stream.id], layout: "grid" });
  const [archive] = vonage.state.archives.values();
  expect(archive?.streams.map((s) => s.streamId)).toEqual([voice.stream.id]);
});
