// One server of the SSE fan-out benchmark, in its own process: either the onair router over the
// core service ("router"), the fetch handler of @onair/http on Hono ("fetch"), or a bare node:http
// SSE loop as the baseline ("bare"). It opens the viewers' client in another process, measures,
// and reports its figures to the parent over IPC.
import { fork } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { getRequestListener } from "@hono/node-server";
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  systemClock,
} from "@onair/core";
import { createLiveHttp, toFetchHandler } from "@onair/http";
import { createMockLiveProvider } from "@onair/testing";
import express from "express";
import { Hono } from "hono";
import { createLiveRouter } from "../src/index.js";

export interface FanoutServerArgs {
  readonly mode: "router" | "fetch" | "bare";
  readonly viewers: number;
  readonly clientScript: string;
}

export interface FanoutFigures {
  readonly connected: number;
  readonly failed: number;
  readonly subscriptions: number | null;
  readonly connectMs: number;
  readonly firstMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly lastMs: number;
  /** Right after the connection storm (three forced collections first): the peak. */
  readonly rssPerViewer: number;
  /**
   * Idle afterwards, with no forced collection: the highest reading between `steadyFromMs` and
   * `steadyUntilMs` after the storm, once V8 has given back the young generation the storm grew,
   * and with at least one heartbeat (presence renewal for every viewer) inside the window.
   */
  readonly steadyRssPerViewer: number;
  readonly heapPerViewer: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

interface ClientMessage {
  readonly type: "ready" | "done";
  readonly ready?: number;
  readonly failed?: number;
  readonly firstAt?: number;
  readonly lastAt?: number;
  readonly arrivals?: { p50: number; p99: number };
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The steady-state window, after the storm. V8's memory reducer acts about 8 s after allocation slows. */
const steadyFromMs = 10_000;
const steadyUntilMs = 25_000;
/** Heartbeats of the router under test: one falls inside the steady-state window. */
const benchHeartbeatMs = 15_000;
const settled = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
};

interface Subject {
  readonly path: string;
  viewers(): number;
  subscriptions(): number | null;
  stop(): Promise<void>;
  close(): Promise<void>;
}

async function routerSubject(edge: "express" | "fetch"): Promise<Subject & { port: number }> {
  const moderator = { email: "moderator@example.com" };
  const provider = createMockLiveProvider({ clock: systemClock });
  const service = createLiveService({
    store: createInMemoryStore(),
    provider,
    changes: createInMemoryChangeFeed(),
  });
  const options = {
    rateLimits: { events: false },
    // Every viewer comes from the load client's one address: lift the per-address cap.
    sse: { heartbeatMs: benchHeartbeatMs, maxStreamsPerAddress: 1_000_000 },
  } as const;
  let api: {
    readonly viewerCount: number;
    readonly subscribedSessions: number;
    close(): Promise<void>;
  };
  let server: ReturnType<typeof createServer>;
  if (edge === "fetch") {
    // The fetch handler of @onair/http served by Hono on @hono/node-server.
    const http = createLiveHttp<Request>({
      service,
      provider,
      identify: () => null,
      authorizeAdmin: () => false,
      options,
    });
    const handler = toFetchHandler(http, { basePath: "/live" });
    const app = new Hono();
    app.all("/live/*", (c) => handler(c.req.raw));
    api = http;
    server = createServer(getRequestListener(app.fetch));
  } else {
    const router = createLiveRouter({
      service,
      provider,
      identify: () => null,
      authorizeAdmin: () => false,
      options,
    });
    const app = express();
    app.use("/live", router);
    api = router;
    server = createServer(app);
  }
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve),
  );
  const session = await service.createSession({
    title: "Fan-out",
    startsAt: "2030-01-01T10:00:00Z",
    endsAt: "2030-01-01T11:00:00Z",
    timeZone: "Europe/Paris",
    participants: [{ email: moderator.email, role: "moderator" }],
  });
  await service.publishSession(session.id);
  await service.startLive(session.id, moderator);
  return {
    port: (server.address() as AddressInfo).port,
    path: `/live/sessions/${session.id}/events`,
    viewers: () => api.viewerCount,
    subscriptions: () => api.subscribedSessions,
    stop: async () => {
      await service.stopLive(session.id, moderator);
    },
    close: async () => {
      await api.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      provider.dispose();
    },
  };
}

async function bareSubject(): Promise<Subject & { port: number }> {
  const viewers = new Set<ServerResponse>();
  const frame = (version: number, phase: string) =>
    `id: ${version}\ndata: ${JSON.stringify({ sessionId: "ses_bare", phase, version })}\n\n`;
  const live = frame(1, "live");
  const server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    res.write(live);
    viewers.add(res);
    req.on("close", () => viewers.delete(res));
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve),
  );
  return {
    port: (server.address() as AddressInfo).port,
    path: "/events",
    viewers: () => viewers.size,
    subscriptions: () => null,
    stop: async () => {
      const ended = frame(2, "ended");
      for (const res of viewers) res.write(ended);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function main(args: FanoutServerArgs): Promise<FanoutFigures> {
  const subject =
    args.mode === "bare"
      ? await bareSubject()
      : await routerSubject(args.mode === "fetch" ? "fetch" : "express");
  const before = settled();
  const client = fork(
    args.clientScript,
    [
      JSON.stringify({
        port: subject.port,
        path: subject.path,
        count: args.viewers,
        marker: '"phase":"ended"',
        concurrency: 256,
        checkpoints: [args.viewers],
      }),
    ],
    { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const next = (type: ClientMessage["type"]) =>
    new Promise<ClientMessage>((resolve, reject) => {
      const onMessage = (message: ClientMessage) => {
        if (message.type !== type) return;
        client.off("message", onMessage);
        resolve(message);
      };
      client.on("message", onMessage);
      client.once("exit", (code) => reject(new Error(`viewer client exited (${code})`)));
    });

  const connectStart = now();
  const ready = await next("ready");
  const connectMs = now() - connectStart;
  const connected = subject.viewers();
  const after = settled();
  const afterAt = now();
  let steadyRss = 0;
  while (now() - afterAt < steadyUntilMs) {
    await sleep(500);
    if (now() - afterAt >= steadyFromMs) steadyRss = Math.max(steadyRss, process.memoryUsage().rss);
  }

  const done = next("done");
  const stopAt = now();
  await subject.stop();
  const delivered = await done;
  const figures: FanoutFigures = {
    connected,
    failed: ready.failed ?? 0,
    subscriptions: subject.subscriptions(),
    connectMs,
    firstMs: (delivered.firstAt ?? 0) - stopAt,
    p50Ms: (delivered.arrivals?.p50 ?? 0) - stopAt,
    p99Ms: (delivered.arrivals?.p99 ?? 0) - stopAt,
    lastMs: (delivered.lastAt ?? 0) - stopAt,
    rssPerViewer: (after.rss - before.rss) / Math.max(1, connected),
    steadyRssPerViewer: (steadyRss - before.rss) / Math.max(1, connected),
    heapPerViewer: (after.heapUsed - before.heapUsed) / Math.max(1, connected),
    rssBefore: before.rss,
    rssAfter: after.rss,
  };
  client.send({ type: "close" });
  await new Promise((resolve) => client.once("exit", resolve));
  await subject.close();
  return figures;
}

const args = JSON.parse(process.argv[2] ?? "{}") as FanoutServerArgs;
main(args).then(
  (figures) => process.send?.({ type: "figures", figures }, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
