// The SSE stream caps when a viewer leaves at an awkward moment: a place is never kept by a
// stream that did not open.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import express, { type Request } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { openSse } from "../../http/test/sse-client.js";
import { createLiveRouter, type LiveRouter } from "../src/index.js";

/** A service on the mock provider and a test clock, with a published session moderated by one person. */
async function publishedKeynote() {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const session = await service.createSession({
    title: "Keynote",
    startsAt: "2026-01-01T10:00:00Z",
    endsAt: "2026-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [{ email: "moderator@example.com", role: "moderator" }],
  });
  await service.publishSession(session.id);
  return { clock, provider, service, session };
}

describe("SSE stream caps", () => {
  let server: Server | undefined;
  let router: LiveRouter | undefined;
  afterEach(async () => {
    await router?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server === undefined ? resolve(null) : server.close(resolve)));
  });

  it("R-SEC-2: a viewer who leaves while being identified does not keep its place", async () => {
    const { clock, provider, service, session } = await publishedKeynote();
    // One signed-in viewer; requests marked slow wait to be identified until the test lets them
    // through (by then, the client is gone).
    const waiting: (() => void)[] = [];
    const identify = async (req: Request) => {
      if (req.get("x-slow") !== undefined) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      return { email: "viewer@example.com" };
    };
    router = createLiveRouter({
      service,
      provider,
      identify,
      authorizeAdmin: () => false,
      clock,
      sse: { maxStreamsPerCaller: 1 },
    });
    const app = express();
    app.use("/live", router);
    server = createServer(app);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = `${base}/live/sessions/${session.id}/events`;

    const leaving = request(url, { headers: { "x-slow": "1" } });
    leaving.on("error", () => {});
    leaving.end();
    await expect.poll(() => waiting.length).toBe(1);
    leaving.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const resolve of waiting.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.viewerCount).toBe(0);

    const viewer = await openSse(url);
    expect(viewer.status).toBe(200);
    viewer.close();
  });

  it("keeps only what an event stream needs: Express's routing leftovers and the sent header map are dropped", async () => {
    const { clock, provider, service, session } = await publishedKeynote();
    router = createLiveRouter({
      service,
      provider,
      identify: () => null,
      authorizeAdmin: () => false,
      clock,
    });
    const streams: { req: Request; res: express.Response }[] = [];
    const app = express();
    app.use((req, res, next) => {
      res.locals.page = "live";
      streams.push({ req, res });
      next();
    });
    app.use("/live", router);
    server = createServer(app);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const viewer = await openSse(`${base}/live/sessions/${session.id}/events`);
    expect(viewer.status).toBe(200);
    expect(viewer.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(viewer.headers["x-powered-by"]).toBe("Express");
    await viewer.until((client) => client.events.length === 1);
    const [stream] = streams;
    const req = stream?.req as unknown as Record<string, unknown>;
    expect(req.params).toBeUndefined();
    expect(req._parsedUrl).toBeUndefined();
    expect(req.next).toBeUndefined();
    expect(stream?.res.locals).toBeUndefined();
    expect(stream?.res.getHeaderNames()).toEqual([]);
    // The stream still works and still ends with its client.
    await service.startLive(session.id, { email: "moderator@example.com" });
    await viewer.until((client) => client.events.length === 2);
    viewer.close();
    await expect.poll(() => router?.viewerCount).toBe(0);
  });
});
