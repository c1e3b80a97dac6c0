// The contract's hosts for @onair/http itself: plain node:http through the Node edge, the fetch
// handler served by Hono on @hono/node-server, and the fetch handler called directly.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ContractMount, LiveHttpHost } from "@onair/testing/contracts";
import { Hono } from "hono";
import { createLiveHttp, type LiveHttp, toFetchHandler, toNodeHandler } from "../src/index.js";

/** The API with the contract's hooks, reading headers through `header`. */
function mountApi<Raw>(
  mount: ContractMount,
  header: (raw: Raw) => (name: string) => string | undefined,
): LiveHttp<Raw> {
  const { authorizeAudience } = mount;
  return createLiveHttp<Raw>({
    service: mount.service,
    provider: mount.provider,
    identify: (_request, raw) => mount.identify(header(raw)),
    authorizeAdmin: (_request, raw) => mount.authorizeAdmin(header(raw)),
    ...(authorizeAudience === undefined
      ? {}
      : {
          authorizeAudience: (_request, sessionId, raw) =>
            authorizeAudience(header(raw), sessionId),
        }),
    options: mount.options,
  });
}

/** The first address of `X-Forwarded-For` (the contract's proxy sits on loopback). */
function forwardedFor(value: string | null | undefined): string | undefined {
  return value?.split(",")[0]?.trim() || undefined;
}

const nodeHeader = (req: IncomingMessage) => (name: string) => {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
const fetchHeader = (request: Request) => (name: string) => request.headers.get(name) ?? undefined;

export const nodeHost: LiveHttpHost = async (mount) => {
  const http = mountApi<IncomingMessage>(mount, nodeHeader);
  const handler = toNodeHandler(http, {
    basePath: "/live",
    ...(mount.trustForwardedFor
      ? { remoteAddress: (req) => forwardedFor(nodeHeader(req)("x-forwarded-for")) }
      : {}),
  });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetch: (request) => fetch(request),
    sockets: true,
    viewerCount: () => http.viewerCount,
    subscribedSessions: () => http.subscribedSessions,
    close: () => http.close(),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

function fetchApi(mount: ContractMount) {
  const http = mountApi<Request>(mount, fetchHeader);
  const handler = toFetchHandler(http, {
    basePath: "/live",
    remoteAddress: (request) =>
      mount.trustForwardedFor ? forwardedFor(request.headers.get("x-forwarded-for")) : "127.0.0.1",
  });
  return { http, handler };
}

export const honoHost: LiveHttpHost = async (mount) => {
  const { http, handler } = fetchApi(mount);
  const app = new Hono();
  app.all("/live/*", (c) => handler(c.req.raw));
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
        resolve({ server: started, port: info.port }),
      );
    },
  );
  return {
    base: `http://127.0.0.1:${port}`,
    fetch: (request) => fetch(request),
    sockets: true,
    viewerCount: () => http.viewerCount,
    subscribedSessions: () => http.subscribedSessions,
    close: () => http.close(),
    async stop() {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

export const directFetchHost: LiveHttpHost = async (mount) => {
  const { http, handler } = fetchApi(mount);
  return {
    base: "http://onair.test",
    fetch: handler,
    sockets: false,
    viewerCount: () => http.viewerCount,
    subscribedSessions: () => http.subscribedSessions,
    close: () => http.close(),
    stop: async () => {},
  };
};
