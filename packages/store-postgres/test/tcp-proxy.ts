// A TCP proxy between a pool and the server that can stop forwarding without closing anything: a
// network that swallows packets, which raises no error on either side.
import net from "node:net";

export interface TcpProxy {
  /** `url` with its host and port pointing at the proxy. */
  readonly url: string;
  /** Connections open now stop forwarding, in both directions, and stay open. */
  swallowOpenConnections(): void;
  /** New connections are accepted and never answered (true), or forwarded again (false). */
  swallowNewConnections(on: boolean): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  upstream: net.Socket | null;
  swallowed: boolean;
}

export async function startTcpProxy(serverUrl: string): Promise<TcpProxy> {
  const target = new URL(serverUrl);
  const pairs = new Set<Pair>();
  let swallowNew = false;
  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: null, swallowed: swallowNew };
    pairs.add(pair);
    client.on("error", () => {});
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (pair.swallowed) return;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    pair.upstream = upstream;
    upstream.on("error", () => {});
    upstream.on("close", () => {
      if (!pair.swallowed) client.destroy();
    });
    client.on("data", (chunk) => {
      if (!pair.swallowed) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!pair.swallowed) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(serverUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    swallowOpenConnections() {
      for (const pair of pairs) pair.swallowed = true;
    },
    swallowNewConnections(on) {
      swallowNew = on;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
