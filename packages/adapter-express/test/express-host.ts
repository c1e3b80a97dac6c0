// The contract's host on Express: the live router mounted at /live of an app on node:http.
// The hooks read the platform's session from Express's own `req`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LiveHttpHost } from "@onair/testing/contracts";
import express, { type Request } from "express";
import { createLiveRouter } from "../src/index.js";

const headerOf = (req: Request) => (name: string) => req.get(name);

export const expressHost: LiveHttpHost = async (mount) => {
  const { authorizeAudience } = mount;
  const router = createLiveRouter({
    service: mount.service,
    provider: mount.provider,
    identify: (req) => mount.identify(headerOf(req)),
    authorizeAdmin: (req) => mount.authorizeAdmin(headerOf(req)),
    ...(authorizeAudience === undefined
      ? {}
      : { authorizeAudience: (req, sessionId) => authorizeAudience(headerOf(req), sessionId) }),
    options: mount.options,
  });
  const app = express();
  if (mount.trustForwardedFor) app.set("trust proxy", "loopback");
  app.use("/live", router);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetch: (request) => fetch(request),
    sockets: true,
    viewerCount: () => router.viewerCount,
    subscribedSessions: () => router.subscribedSessions,
    close: () => router.close(),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
