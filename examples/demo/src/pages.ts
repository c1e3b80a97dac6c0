// The demo's pages. The control room and the event page are React (@onair/react), bundled by
// esbuild when the demo starts (bundle.ts); the home page and the back office are plain HTML with a
// small script. Everything is read or built once at start-up and served from memory.
import { readFileSync } from "node:fs";
import type { Express, Response } from "express";
import { bundlePages } from "./bundle.js";

const pagesDir = new URL("./pages/", import.meta.url);

const html = "text/html; charset=utf-8";
const assetTypes: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};
const assets = ["common.js", "home.js", "demo.css"] as const;

// Scripts and styles come from this server only; the pages fetch nothing from anywhere else.
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: https:",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// On Vonage the pages also talk to Vonage: the client SDK's signalling and logging (HTTPS and
// secure WebSockets to *.opentok.com and *.tokbox.com), its images and the styles it injects, and
// the HLS broadcast the event page plays (fetched by hls.js where HLS is not native, from the
// host of the URL Vonage gives: any https host).
const vonageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' https: wss://*.opentok.com wss://*.tokbox.com",
  "img-src 'self' data: blob: https://*.opentok.com https://*.tokbox.com",
  "media-src 'self' blob: https:",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const sessionIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

function read(name: string): string {
  return readFileSync(new URL(name, pagesDir), "utf8");
}

/** The HTML page of a bundled React entry: one root element, one module script. */
function reactPage(title: string, entry: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · onair demo</title>
    <link rel="stylesheet" href="/assets/demo.css" />
    <script type="module" src="/assets/${entry}.js"></script>
  </head>
  <body>
    <div id="root"><p>Loading…</p></div>
  </body>
</html>
`;
}

function send(
  res: Response,
  type: string,
  body: string,
  status = 200,
  policy = contentSecurityPolicy,
): void {
  res.status(status);
  res.setHeader("Content-Type", type);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  if (type === html) res.setHeader("Content-Security-Policy", policy);
  res.end(body);
}

export interface MountPagesOptions {
  /** Receives the bundler's progress line (default: standard error). */
  readonly progress?: (line: string) => void;
  /** The demo runs on Vonage: the Vonage client SDK is bundled and the pages may reach Vonage. */
  readonly vonage?: boolean;
}

export function mountPages(app: Express, options: MountPagesOptions = {}): void {
  const vonage = options.vonage ?? false;
  const bundle = bundlePages(options.progress, { vonageSdk: vonage });
  const policy = vonage ? vonageContentSecurityPolicy : contentSecurityPolicy;
  const pages = {
    home: read("home.html"),
    backoffice: reactPage("Back office", "backoffice"),
    control: reactPage("Control room", "control"),
    event: reactPage("Event page", "event"),
    notFound: read("not-found.html"),
  };
  const files = new Map<string, string>([
    ...assets.map((name): [string, string] => [name, read(name)]),
    ...bundle.files,
  ]);

  app.get("/", (_req, res) => send(res, html, pages.home, 200, policy));
  app.get("/backoffice", (_req, res) => send(res, html, pages.backoffice, 200, policy));
  app.get("/sessions/:id/control", (req, res) => {
    if (!sessionIdPattern.test(req.params.id)) send(res, html, pages.notFound, 404, policy);
    else send(res, html, pages.control, 200, policy);
  });
  app.get("/sessions/:id", (req, res) => {
    if (!sessionIdPattern.test(req.params.id)) send(res, html, pages.notFound, 404, policy);
    else send(res, html, pages.event, 200, policy);
  });
  // Browsers ask for an icon on their own; the demo has none, and says so without an error.
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  app.get("/assets/:file", (req, res) => {
    const body = files.get(req.params.file);
    const type = assetTypes[req.params.file.slice(req.params.file.lastIndexOf("."))];
    if (body === undefined || type === undefined) send(res, html, pages.notFound, 404, policy);
    else send(res, type, body);
  });
  app.use((_req, res) => send(res, html, pages.notFound, 404, policy));
}
