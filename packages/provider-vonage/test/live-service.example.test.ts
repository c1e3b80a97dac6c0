// The example of docs/providers/vonage.md, kept here so that the guide's code always runs: the
// live service on the Vonage provider, the Vonage Video API emulated on msw, and webhooks
// delivered signed like Vonage's secure callbacks.
import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createTestClock } from "@onair/testing";
import { createVonageMsw, createVonageTestCredentials } from "@onair/testing/vonage-msw";
import { createVonageProvider } from "@onair/vonage";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";

const credentials = createVonageTestCredentials(); // made at test time: no key in the repository
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" })); // nothing reaches the network
afterAll(() => server.close());

const moderator = { email: "mod@example.com" };
const speaker = { email: "speaker@example.com" };

/** The service on the Vonage provider, both pointed at a fresh emulated Vonage project. */
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
    title: "Opening keynote",
    startsAt: "2026-01-01T10:00:00Z",
    endsAt: "2026-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [
      { email: moderator.email, role: "moderator" },
      { email: speaker.email, role: "speaker" },
    ],
  });
  const sessionId = (await service.publishSession(session.id)).id;

  // What the webhook route does: verify each delivery, then hand its events to the service.
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

  // A person enters the control room: a grant, a client connected with its token, a camera.
  const enter = async (identity: { email: string }) => {
    const grant = await service.join(sessionId, identity);
    const connection = vonage.state.connect(grant.connection.roomId, {
      token: grant.connection.token,
    });
    const stream = vonage.state.publish(connection.id);
    await deliverCallbacks();
    return { grant, connection, stream };
  };

  return { clock, vonage, service, sessionId, deliverCallbacks, enter };
}

it("R-STAGE-1: records and broadcasts only the stage, then serves the replay", async () => {
  const { clock, vonage, service, sessionId, deliverCallbacks, enter } = await setup();
  const host = await enter(moderator);
  const guest = await enter(speaker);
  expect(host.grant.providerRole).toBe("moderator");
  expect(guest.grant.providerRole).toBe("publisher"); // never a Vonage moderator (R-PERM-1)

  await service.startLive(sessionId, moderator);
  await service.setStage(sessionId, moderator, { streamIds: [guest.stream.id], layout: "grid" });
  const [archive] = vonage.state.archives.values();
  const [broadcast] = vonage.state.broadcasts.values();
  expect(archive?.streams.map((s) => s.streamId)).toEqual([guest.stream.id]);
  expect(broadcast?.streams.map((s) => s.streamId)).toEqual([guest.stream.id]);
  // The HLS URL is given once it plays: Vonage needs about 20 s after the start (R-AUD-1).
  expect((await service.audience(sessionId)).hlsUrl).toBeNull();
  clock.advance(20_000);
  expect((await service.audience(sessionId)).hlsUrl).toMatch(/\.m3u8$/);

  clock.advance(20 * 60_000);
  await service.stopLive(sessionId, moderator);
  vonage.state.finishArchive(archive?.id ?? ""); // Vonage's processing is over
  await deliverCallbacks();
  const replay = await service.replayLink(sessionId);
  expect(replay.status).toBe("ready");
  expect(replay.segments[0]?.url).toMatch(/^https:\/\//);
});

it("R-LIFE-3: keeps the live going when Vonage stops the recording of an empty room", async () => {
  const { clock, vonage, service, sessionId, deliverCallbacks, enter } = await setup();
  const host = await enter(moderator);
  await service.startLive(sessionId, moderator);
  const [first] = vonage.state.archives.values();

  // The moderator's network drops; 60 s later Vonage stops the empty room's archive.
  vonage.state.leave(host.connection.id, "networkDisconnected");
  vonage.state.pauseArchive(first?.id ?? "");
  clock.advance(60_000);
  vonage.state.autoStopArchive(first?.id ?? "", "session ended");
  await deliverCallbacks();
  expect((await service.getSession(sessionId)).live.phase).toBe("live");

  // They come back with a fresh grant: recording resumes in a new segment.
  await enter(moderator);
  const session = await service.getSession(sessionId);
  expect(session.live.segments.map((s) => s.status)).toEqual(["stopped", "started"]);
  expect([...vonage.state.archives.values()].map((a) => a.status)).toEqual(["stopped", "started"]);
  const history = await service.history(sessionId);
  expect(history.map((entry) => entry.type)).toContain("recording-gap");
});
