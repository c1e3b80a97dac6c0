// The real-browser test harness: bundles page modules with esbuild (on the workspace's sources),
// serves them and the fixtures from a node:http server, and drives Debian's Chromium through
// playwright-core with fake camera, microphone and screen. One browser per test file.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

/** Says once, in the test output, why a browser suite did not run. */
export function warnIfNoChromium(suite: string): void {
  if (!hasChromium) {
    console.warn(
      `Skipping ${suite}: ${chromiumPath} does not exist (apt-get install chromium; never a browser download).`,
    );
  }
}

const here = fileURLToPath(new URL(".", import.meta.url));
const fixtures = join(here, "fixtures");
const require = createRequire(import.meta.url);

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mpegts": "video/mp2t",
  ".mp4": "video/mp4",
  ".png": "image/png",
  ".pdf": "application/pdf",
};

/** One request a page made to the HTTP API, as the proxy forwarded it. */
export interface ApiRequest {
  readonly method: string;
  /** Path and query, below the page's origin (e.g. `/api/live/sessions/ses_1/events`). */
  readonly path: string;
  /** The `Last-Event-ID` header the page sent, or null. */
  readonly lastEventId: string | null;
}

/** What passes between the pages and the HTTP API: seen, held back or cut by the test. */
export interface ApiTraffic {
  /** Every request to `/api/…`, in the order the pages made them. */
  readonly requests: readonly ApiRequest[];
  /** Answers still being forwarded (an open event stream stays here while it lasts). */
  readonly open: () => number;
  /**
   * Cuts every answer still being forwarded, as a server that drops its connections: the page's
   * response ends in a network error and the upstream request is aborted. Returns how many.
   */
  drop(): number;
  /**
   * Holds back every new request whose path matches (a server that is away) until the returned
   * function is called; `held()` says how many wait.
   */
  hold(path: RegExp): () => void;
  held(): number;
}

interface Forwarding {
  readonly cut: () => void;
}

/**
 * Forwards one request (method, headers, body) and streams its answer chunk by chunk as it
 * arrives, Server-Sent Events included: the page's response ends when the upstream one does, and
 * the upstream request is aborted when the page goes away.
 */
async function proxy(
  request: IncomingMessage,
  response: ServerResponse,
  target: string,
  forwarding: Set<Forwarding>,
): Promise<void> {
  const upstream = new AbortController();
  const self: Forwarding = {
    cut: () => {
      upstream.abort();
      response.destroy();
    },
  };
  forwarding.add(self);
  response.on("close", () => {
    forwarding.delete(self);
    // The page went away (or was cut) before the answer ended: stop the upstream request too.
    if (!response.writableFinished) upstream.abort();
  });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && name !== "host" && name !== "connection") {
        headers.set(name, value);
      }
    }
    const answer = await fetch(target, {
      method: request.method ?? "GET",
      headers,
      ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) }),
      redirect: "manual",
      signal: upstream.signal,
    });
    const answerHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (
        name !== "content-encoding" &&
        name !== "transfer-encoding" &&
        name !== "content-length"
      ) {
        answerHeaders[name] = value;
      }
    });
    response.writeHead(answer.status, answerHeaders);
    response.flushHeaders();
    if (answer.body !== null) {
      const reader = answer.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!response.write(value)) {
          await new Promise<void>((resolve) => {
            response.once("drain", resolve);
            response.once("close", resolve);
          });
        }
      }
    }
    response.end();
  } catch {
    // Upstream failed, or one side went away: nothing more can be sent.
    if (!response.headersSent && !response.destroyed) response.writeHead(502).end();
    else response.destroy();
  }
}

export interface BrowserHarness {
  readonly base: string;
  readonly browser: Browser;
  /** The pages' requests to the HTTP API (with `options.api`). */
  readonly traffic: ApiTraffic;
  /**
   * A fresh context and page on `/<page>.html`: `uncaught` collects uncaught errors, `errors` those
   * and every console error.
   */
  open(page: string): Promise<{ page: Page; errors: string[]; uncaught: string[] }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * Where `/api/…` requests go (an origin, e.g. the router fixture's server): pages then call the
   * HTTP API on their own origin, as they would behind a platform's reverse proxy.
   */
  readonly api?: string;
}

/** `pages`: page name → module path relative to ./pages (bundled with everything it imports). */
export async function startBrowserHarness(
  pages: Record<string, string>,
  options: HarnessOptions = {},
): Promise<BrowserHarness> {
  const bundle = await build({
    entryPoints: Object.fromEntries(
      Object.entries(pages).map(([name, file]) => [name, join(here, "pages", file)]),
    ),
    bundle: true,
    splitting: true, // lazily imported SDKs stay separate chunks, as in a real app
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@onair/source"],
    outdir: "/bundle",
    chunkNames: "chunks/[name]-[hash]",
    write: false,
    logLevel: "silent",
  });
  const files = new Map<string, Uint8Array>();
  for (const file of bundle.outputFiles)
    files.set(file.path.slice("/bundle".length), file.contents);
  const pdfWorker = require.resolve("pdfjs-dist/build/pdf.worker.min.mjs");

  const requests: ApiRequest[] = [];
  const forwarding = new Set<Forwarding>();
  const gates: { readonly path: RegExp; readonly waiting: (() => void)[] }[] = [];
  const traffic: ApiTraffic = {
    requests,
    open: () => forwarding.size,
    drop() {
      const cut = [...forwarding];
      for (const each of cut) each.cut();
      return cut.length;
    },
    hold(path) {
      const gate = { path, waiting: [] as (() => void)[] };
      gates.push(gate);
      return () => {
        gates.splice(gates.indexOf(gate), 1);
        for (const forward of gate.waiting.splice(0)) forward();
      };
    },
    held: () => gates.reduce((count, gate) => count + gate.waiting.length, 0),
  };

  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://local").pathname);
    if (options.api !== undefined && path.startsWith("/api/")) {
      const header = request.headers["last-event-id"];
      requests.push({
        method: request.method ?? "GET",
        path: request.url ?? "/",
        lastEventId: typeof header === "string" ? header : null,
      });
      const forward = () =>
        void proxy(request, response, `${options.api}${request.url ?? ""}`, forwarding);
      const gate = gates.find((held) => held.path.test(path));
      if (gate === undefined) forward();
      else gate.waiting.push(forward);
      return;
    }
    const send = (body: Uint8Array | string, type: string) => {
      response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    };
    const name = path.match(/^\/([\w-]+)\.html$/)?.[1];
    if (name !== undefined && name in pages) {
      send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head>` +
          `<body><main id="stage"></main><script type="module" src="/${name}.js"></script></body></html>`,
        types[".html"] as string,
      );
      return;
    }
    const built = files.get(path);
    if (built !== undefined) {
      send(built, types[".js"] as string);
      return;
    }
    const file =
      path === "/pdf.worker.min.mjs"
        ? pdfWorker
        : path.startsWith("/fixtures/")
          ? join(fixtures, normalize(path.slice("/fixtures/".length)).replace(/^(\.\.[/\\])+/, ""))
          : undefined;
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => send(body, types[extname(file)] ?? "application/octet-stream"),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
    ],
  });

  return {
    base,
    browser,
    traffic,
    async open(name) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      const uncaught: string[] = [];
      page.on("pageerror", (error) => {
        uncaught.push(error.message);
        errors.push(error.message);
      });
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(`${base}/${name}.html`);
      await page.waitForFunction(() => document.body.dataset.ready === "true");
      return { page, errors, uncaught };
    },
    async close() {
      for (const gate of [...gates]) gate.waiting.splice(0);
      traffic.drop();
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
