// One server of the join-storm benchmark, in its own process: "baseline" is a hand-written
// Express handler that authenticates like the platform and calls the Vonage SDK's
// `generateClientToken`; "router" is POST /sessions/:id/join through createLiveRouter, the core
// service and @onair/vonage with its default signing (one worker thread on 2+ cores);
// "router-inline" signs on the event loop (`signing: { threads: 0 }`); "router-pool" signs on
// `signing: { threads }`; "fetch" and "fetch-pool" are the same through the fetch handler of
// @onair/http served by Hono on @hono/node-server.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createLiveHttp, toFetchHandler } from "@onair/http";
import { createVonageMsw, type VonageTestCredentials } from "@onair/testing/vonage-msw";
import { createVonageProvider } from "@onair/vonage";
import express, { type Request } from "express";
import { Hono } from "hono";
import { setupServer } from "msw/node";
import { createLiveRouter } from "../src/index.js";

export type JoinStormMode =
  | "baseline"
  | "router-inline"
  | "router"
  | "router-pool"
  | "fetch"
  | "fetch-pool";

export interface JoinStormServerArgs {
  readonly mode: JoinStormMode;
  readonly credentials: VonageTestCredentials;
  readonly signingThreads: number;
}

/** What the server tells the parent once it listens. */
export interface JoinStormTarget {
  readonly url: string;
  readonly headers: Record<string, string>;
}

// The platform's login, shared by every mode: a session cookie naming a signed-in user.
const signedIn = new Map([["sid-moderator", "moderator@example.com"]]);
function identify(req: Request): { email: string } | null {
  return identifyCookie(req.headers.cookie);
}
function identifyCookie(cookie: string | undefined | null): { email: string } | null {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(cookie ?? "")?.[1];
  const email = sid === undefined ? undefined : signedIn.get(sid);
  return email === undefined ? null : { email };
}
const headers = { cookie: "sid=sid-moderator", "content-type": "application/json" };

interface SdkVideo {
  generateClientToken(
    sessionId: string,
    options: { role: string; data: string; expireTime: number },
  ): string;
}

async function baseline(credentials: VonageTestCredentials) {
  // The SDK is a dependency of @onair/vonage, not of this package: load it from there.
  const requireFromVonage = createRequire(
    new URL("../../provider-vonage/package.json", import.meta.url),
  );
  const { Video } = requireFromVonage("@vonage/video") as {
    Video: new (credentials: { applicationId: string; privateKey: string }) => SdkVideo;
  };
  const video = new Video({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
  });
  const roomId = "2_MX5iZW5jaG1hcmt-fjE3NjcyNTgwMDAwMDB-YmVuY2htYXJr-fg";
  const moderators = new Set(["moderator@example.com"]);
  let grants = 0;
  const app = express();
  app.post("/sessions/:id/join", express.json(), (req, res) => {
    const user = identify(req);
    if (user === null) {
      res.status(401).end();
      return;
    }
    if (!moderators.has(user.email)) {
      res.status(403).end();
      return;
    }
    const expiresAt = Math.floor(Date.now() / 1000) + 300;
    const grantId = `g_${++grants}`;
    const token = video.generateClientToken(roomId, {
      role: "moderator",
      data: `onair1|p_moderator|moderator|${grantId}`,
      expireTime: expiresAt,
    });
    // The same shape as the core's grant: the token inside a provider-tagged connection.
    res.json({
      sessionId: req.params.id,
      role: "moderator",
      connection: { provider: "vonage", applicationId: credentials.applicationId, roomId, token },
      grantId,
      expiresAt: expiresAt * 1000,
    });
  });
  return { app, path: "/sessions/ses_bench/join", close: async () => {} };
}

async function router(
  credentials: VonageTestCredentials,
  signingThreads: number | null,
  edge: "express" | "fetch",
) {
  // The room is created once through the SDK, against the emulated Vonage API.
  const vonage = createVonageMsw({
    applicationId: credentials.applicationId,
    publicKey: credentials.publicKey,
    signatureSecret: credentials.signatureSecret,
  });
  const msw = setupServer(...vonage.handlers);
  msw.listen({ onUnhandledFrame: "bypass" });
  const provider = createVonageProvider({
    applicationId: credentials.applicationId,
    privateKey: credentials.privateKey,
    signatureSecret: credentials.signatureSecret,
    ...(signingThreads === null ? {} : { signing: { threads: signingThreads } }),
  });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
    tokenTtlMs: 300_000,
  });
  const session = await service.createSession({
    title: "Join storm",
    startsAt: "2030-01-01T10:00:00Z",
    endsAt: "2030-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [{ email: "moderator@example.com", role: "moderator" }],
  });
  await service.publishSession(session.id);
  await service.join(session.id, { email: "moderator@example.com" });
  // The room exists: joins make no Vonage call, so the emulation stops intercepting, and the
  // measured server runs no test machinery (a call to Vonage would now fail, and show as non-2xx).
  msw.close();
  if (edge === "fetch") {
    const http = createLiveHttp<globalThis.Request>({
      service,
      provider,
      identify: (_request, raw) => identifyCookie(raw.headers.get("cookie")),
      authorizeAdmin: () => false,
      rateLimits: { join: false },
    });
    const handler = toFetchHandler(http);
    const app = new Hono();
    app.all("/*", (c) => handler(c.req.raw));
    return {
      app: getRequestListener(app.fetch),
      path: `/sessions/${session.id}/join`,
      close: async () => {
        await http.close();
        await provider.close();
      },
    };
  }
  const live = createLiveRouter({
    service,
    provider,
    identify,
    authorizeAdmin: () => false,
    rateLimits: { join: false },
  });
  const app = express();
  app.use(live);
  return {
    app,
    path: `/sessions/${session.id}/join`,
    close: async () => {
      await live.close();
      await provider.close();
    },
  };
}

// Ends with the benchmark that forked it, even when that one failed without saying "close".
process.once("disconnect", () => process.exit(1));

async function main(args: JoinStormServerArgs) {
  const subject =
    args.mode === "baseline"
      ? await baseline(args.credentials)
      : await router(
          args.credentials,
          args.mode.endsWith("-pool")
            ? args.signingThreads
            : args.mode.endsWith("-inline")
              ? 0
              : null,
          args.mode.startsWith("fetch") ? "fetch" : "express",
        );
  const server = createServer(subject.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const target: JoinStormTarget = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${subject.path}`,
    headers,
  };
  process.send?.({ type: "listening", target });
  process.on("message", async (message: { type: string }) => {
    if (message.type !== "close") return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await subject.close();
    process.exit(0);
  });
}

await main(JSON.parse(process.argv[2] ?? "{}") as JoinStormServerArgs);
