// The Node edge works out the client's address only when a route needs it, at most once.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLiveHttp } from "../live-http.js";
import { handleNodeRequest } from "./node-edge.js";

describe("the Node edge's client address", () => {
  const clock = createTestClock();
  const provider = createMockLiveProvider({ clock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    clock,
  });
  const http = createLiveHttp<IncomingMessage>({
    service,
    provider,
    clock,
    identify: (_request, req) =>
      req.headers.cookie === "sid=moderator" ? { email: "moderator@example.com" } : null,
    authorizeAdmin: () => false,
  });
  let asked = 0;
  const server = createServer((req, res) => {
    void handleNodeRequest(http, {
      req,
      res,
      url: req.url ?? "/",
      basePath: "",
      remoteAddress: () => {
        asked++;
        return "203.0.113.9";
      },
      raw: req,
    }).then((matched) => {
      if (!matched) res.writeHead(404).end();
    });
  });
  let base = "";
  let sessionId = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = await service.createSession({
      title: "Edge",
      startsAt: "2030-01-01T10:00:00Z",
      endsAt: "2030-01-01T11:00:00Z",
      timeZone: "Europe/Paris",
      participants: [{ email: "moderator@example.com", role: "moderator" }],
    });
    await service.publishSession(session.id);
    sessionId = session.id;
  });
  afterAll(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    provider.dispose();
  });

  const join = (cookie?: string) =>
    fetch(`${base}/sessions/${sessionId}/join`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie && { cookie }) },
      body: "{}",
    });

  it("is not asked for a signed-in join (its rate limit is keyed by the person)", async () => {
    asked = 0;
    const answer = await join("sid=moderator");
    expect(answer.status).toBe(200);
    expect(asked).toBe(0);
  });

  it("is asked once for an anonymous join (its rate limit is keyed by the address)", async () => {
    asked = 0;
    // Before the live, the service asks anonymous callers to sign in: after the rate limit.
    const answer = await join();
    expect(answer.status).toBe(401);
    expect(asked).toBe(1);
  });
});
