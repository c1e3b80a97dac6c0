// The HTTP API of an event for the browser tests: @onair/http on node:http over the core service
// and the mock provider, on a test clock. The provider's HLS playback URL and replay links point
// at the page server's fixtures (`servesMediaFrom`), so the event page plays real media from the
// URLs the server gives it. The platform's login is an `x-user` header. It keeps the event
// streams open on it, to count them (a page that went away closed its stream) and to drop them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type Identity,
  type LiveProvider,
} from "@onair/core";
import { createLiveHttp, toNodeHandler } from "@onair/http";
import { createMockLiveProvider, createTestClock } from "@onair/testing";

export const eventPeople = {
  moderator: { email: "moderator@example.com" },
  speaker: { email: "speaker@example.com" },
} as const satisfies Record<string, Identity>;

/** How long after the broadcast starts its URL plays (Vonage: 15–20 s); the test moves the clock. */
export const broadcastWarmupMs = 15_000;

export type EventApi = Awaited<ReturnType<typeof startEventApi>>;

export async function startEventApi() {
  const clock = createTestClock();
  const mock = createMockLiveProvider({ clock });
  let mediaBase = "http://127.0.0.1:1";
  const hlsUrl = () => `${mediaBase}/fixtures/hls/index.m3u8`;
  const replayUrl = () => `${mediaBase}/fixtures/clip.mp4`;
  // The mock's behaviour, with playable media at the URLs it gives.
  const provider: LiveProvider = {
    ...mock,
    broadcastWarmupMs,
    async startBroadcast(roomId, stage) {
      const info = await mock.startBroadcast(roomId, stage);
      return { ...info, hlsUrl: hlsUrl() };
    },
    async getRecording(recordingId) {
      const info = await mock.getRecording(recordingId);
      return { ...info, url: info.url === null ? null : replayUrl() };
    },
    async listRecordings(roomId) {
      const list = await mock.listRecordings(roomId);
      return list.map((info) => ({ ...info, url: info.url === null ? null : replayUrl() }));
    },
  };
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const detach = mock.onEvent((event) =>
    service.handleProviderEvent(
      event.type === "broadcast" && event.hlsUrl !== null ? { ...event, hlsUrl: hlsUrl() } : event,
    ),
  );
  const http = createLiveHttp<IncomingMessage>({
    service,
    provider,
    identify: (request) => {
      const email = request.headers["x-user"];
      return email === undefined || email === "" ? null : { email };
    },
    authorizeAdmin: () => false,
    clock,
    sse: { retryMs: 50 },
  });
  const handler = toNodeHandler(http, { basePath: "/api/live" });
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === "GET" && /\/events(\?|$)/.test(req.url ?? "")) {
      streams.add(res);
      res.on("close", () => streams.delete(res));
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    clock,
    provider: mock,
    service,
    origin,
    /** Event streams (`GET …/events`) open on this server now. */
    openStreams: () => streams.size,
    /** Drops every open event stream's connection, as a server that fails. Returns how many. */
    dropStreams() {
      const open = [...streams];
      for (const res of open) res.destroy();
      return open.length;
    },
    /**
     * Ends every open event stream cleanly, as a load balancer that limits how long a response
     * lasts. Returns how many.
     */
    endStreams() {
      const open = [...streams];
      for (const res of open) res.end();
      return open.length;
    },
    /** Where the provider's playback and replay URLs point (the page server's origin). */
    servesMediaFrom(base: string) {
      mediaBase = base;
    },
    /** A published session (an attendee sees "waiting") with a moderator and a speaker. */
    async session(): Promise<string> {
      const created = await service.createSession({
        title: "Opening keynote",
        startsAt: "2026-01-01T10:00:00Z",
        endsAt: "2026-01-01T11:00:00Z",
        timeZone: "Europe/Paris",
        participants: [
          { email: eventPeople.moderator.email, role: "moderator" },
          { email: eventPeople.speaker.email, role: "speaker" },
        ],
      });
      await service.publishSession(created.id);
      return created.id;
    },
    /** Someone joins the room and publishes a camera, as the video SDK would (provider events). */
    async joinRoom(sessionId: string, identity: Identity) {
      const grant = await service.join(sessionId, identity);
      const { roomId, token } = grant.connection;
      const connectionId = mock.connect(roomId, { token });
      const streamId = mock.publish(roomId, connectionId, "camera");
      await mock.settle();
      return { roomId, connectionId, streamId };
    },
    /** Moves the clock past the broadcast's warm-up and runs the tick that reveals its URL. */
    async warmUp(sessionId: string) {
      clock.advance(broadcastWarmupMs);
      await service.tick(sessionId);
    },
    /** Lets the mock's recordings finish, so the replay becomes ready. */
    async finishRecordings() {
      clock.advance(60_000);
      await mock.settle();
    },
    async close() {
      detach();
      await http.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
