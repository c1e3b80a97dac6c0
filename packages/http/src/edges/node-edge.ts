// The Node edge: `IncomingMessage`/`ServerResponse` (node:http, Express, Fastify, Koa) to the
// neutral request and reply, written for speed: the request's header object is used as it is,
// one reply object per request also carries its event stream, and bodies are read only as far
// as a route asks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { CONTENT_HEAD_BYTES, LiveError } from "@onair/core";
import type { LiveHttp } from "../live-http.js";
import type {
  DistinctHeaders,
  LiveHttpBody,
  LiveHttpHeaders,
  LiveHttpReply,
  LiveHttpRequest,
  SseSink,
} from "../neutral.js";
import { readHead } from "./node-head.js";

// A refused or checked upload is not read to its end: the connection closes instead, after a
// short grace period that lets the client read the answer.
const lingerMs = 1_000;

function tooLarge(): LiveError {
  return new LiveError("CONTENT_TOO_LARGE", "The request body is too large.");
}

function aborted(): LiveError {
  return new LiveError("INVALID_INPUT", "The request was aborted.");
}

const noBytes = Buffer.alloc(0);

/**
 * The whole body when Node has already received and buffered all of it (a small JSON body comes
 * in the same packets as its headers): taken at once, without waiting for stream events. Undefined
 * when the body must be read as it arrives.
 */
function takeBuffered(
  req: IncomingMessage,
  maxBytes: number,
  keep: boolean,
): Buffer | number | undefined {
  if (!req.complete || req.readableFlowing !== null || req.readableEncoding !== null) {
    return undefined;
  }
  if (req.readableEnded) return keep ? noBytes : 0;
  const buffered = req.read() as Buffer | null;
  if (buffered === null) return keep ? noBytes : 0;
  if (buffered.length > maxBytes) throw tooLarge();
  return keep ? buffered : buffered.length;
}

/** Reads the body chunk by chunk; `keep` false counts the bytes without keeping them. */
function readAll(req: IncomingMessage, maxBytes: number, keep: boolean): Promise<Buffer | number> {
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBytes) return Promise.reject(tooLarge());
  let buffered: Buffer | number | undefined;
  try {
    buffered = takeBuffered(req, maxBytes, keep);
  } catch (error) {
    return Promise.reject(error);
  }
  if (buffered !== undefined) return Promise.resolve(buffered);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const done = (error: unknown, value?: Buffer | number) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (error !== null) {
        req.pause();
        reject(error);
      } else resolve(value as Buffer | number);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) done(tooLarge());
      else if (keep) chunks.push(chunk);
    };
    const onEnd = () => {
      if (received !== declared && !Number.isNaN(declared)) done(aborted());
      else done(null, keep ? Buffer.concat(chunks, received) : received);
    };
    const onError = () => done(aborted());
    const onClose = () => done(aborted());
    if (req.readableEnded) {
      resolve(keep ? Buffer.alloc(0) : 0);
      return;
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

class NodeBody implements LiveHttpBody {
  constructor(private readonly req: IncomingMessage) {}
  async bytes(maxBytes: number): Promise<Uint8Array> {
    return (await readAll(this.req, maxBytes, true)) as Buffer;
  }
  head(maxBytes: number): Promise<Uint8Array> {
    return readHead(this.req, maxBytes);
  }
  async discard(maxBytes: number): Promise<number> {
    return (await readAll(this.req, maxBytes, false)) as number;
  }
}

class NodeRequest<Raw> implements LiveHttpRequest<Raw> {
  readonly body: LiveHttpBody;
  private address: string | (() => string);
  constructor(
    private readonly req: IncomingMessage,
    readonly raw: Raw,
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly basePath: string,
    remoteAddress: string | (() => string),
  ) {
    this.body = new NodeBody(req);
    this.address = remoteAddress;
  }
  /** Worked out on first use: most signed-in requests never need it. */
  get remoteAddress(): string {
    const { address } = this;
    if (typeof address === "string") return address;
    this.address = address();
    return this.address as string;
  }
  get headers(): LiveHttpHeaders {
    return this.req.headers as LiveHttpHeaders;
  }
  distinctHeaders(): DistinctHeaders {
    const headers: DistinctHeaders = {};
    for (const [name, values] of Object.entries(this.req.headersDistinct)) {
      if (values === undefined || values.length === 0) continue;
      headers[name] = values.length === 1 ? (values[0] as string) : values;
    }
    return headers;
  }
}

/** Whether an answer must close the connection rather than wait for an upload nobody reads. */
function leavesUploadUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const declared = Number(req.headers["content-length"]);
  return req.headers["transfer-encoding"] !== undefined || declared > CONTENT_HEAD_BYTES;
}

// One "close" listener, shared by every response: it finds its reply on the response, so that a
// stream held for hours keeps no closure nor `once` wrapper per listener.
const replyOf = Symbol("onair.reply");

function closeReply(this: ServerResponse): void {
  const reply = (this as unknown as { [replyOf]?: NodeReply | undefined })[replyOf];
  reply?.fireClose();
}

// Node keeps the headers it sent in a map on the response (for `getHeader`), one per stream for
// its whole life; the symbol is found once on a response that has one.
let outHeadersKey: symbol | null | undefined;

function dropSentHeaders(res: ServerResponse): void {
  if (outHeadersKey === undefined) {
    const found = Object.getOwnPropertySymbols(res).find(
      (symbol) => symbol.description === "kOutHeaders",
    );
    if (found === undefined) return;
    outHeadersKey = found;
  }
  if (outHeadersKey === null) return;
  const holder = res as unknown as Record<symbol, unknown>;
  if (typeof holder[outHeadersKey] === "object") holder[outHeadersKey] = null;
}

class NodeReply implements LiveHttpReply, SseSink {
  private closeListeners: (() => void)[] | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private onStream: (() => void) | undefined,
  ) {}

  send(status: number, headers: Readonly<Record<string, string>>, body: string | null): void {
    const { req, res } = this;
    if (res.headersSent) {
      // A stream already started: nothing sensible can be sent any more.
      res.destroy();
      return;
    }
    if (leavesUploadUnread(req)) {
      res.setHeader("Connection", "close");
      res.once("finish", () => {
        if (req.complete) return;
        const timer = setTimeout(() => req.socket.destroy(), lingerMs);
        timer.unref();
        req.socket.once("close", () => clearTimeout(timer));
      });
    }
    res.writeHead(status, headers);
    res.end(body ?? undefined);
  }

  stream(headers: Readonly<Record<string, string>>): SseSink {
    const { req, res } = this;
    res.writeHead(200, headers);
    res.socket?.setNoDelay(true);
    // A stream lives for hours: what it keeps alive is multiplied by every viewer. Express hangs
    // its continuation (and the routers' state it closes over) on the request; a stream never
    // calls it. Node keeps the status line and headers as a tree of string pieces until read as
    // a whole: reading it once flattens it in place.
    if ("next" in req) (req as { next?: unknown }).next = undefined;
    const header = (res as unknown as { _header?: unknown })._header;
    if (typeof header === "string") Number(header);
    // The headers went out as that one string: the map they were gathered in is not needed.
    dropSentHeaders(res);
    // Called once, then let go: it may close over the framework's whole request context.
    const onStream = this.onStream;
    this.onStream = undefined;
    onStream?.();
    return this;
  }

  write(chunk: string): boolean {
    return this.res.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.res.once("drain", listener);
  }

  destroy(): void {
    this.res.destroy();
  }

  onClose(listener: () => void): void {
    if (this.closeListeners === null) {
      this.closeListeners = [listener];
      (this.res as unknown as { [replyOf]?: NodeReply | undefined })[replyOf] = this;
      this.res.on("close", closeReply);
    } else this.closeListeners.push(listener);
  }

  /** Runs every `onClose` listener once, in the order they were given. */
  fireClose(): void {
    const listeners = this.closeListeners;
    this.closeListeners = [];
    (this.res as unknown as { [replyOf]?: NodeReply | undefined })[replyOf] = undefined;
    for (const listener of listeners ?? []) listener();
  }

  get closed(): boolean {
    const { res } = this;
    return res.destroyed || res.writableEnded || res.closed;
  }
}

export interface NodeEdgeOptions<Raw = IncomingMessage> {
  /** Where the API is mounted (`/live`); requests outside it are not the API's. Default "". */
  readonly basePath?: string;
  /** The client's address; default the socket's (give the proxy-aware one behind a proxy). */
  readonly remoteAddress?: (req: IncomingMessage) => string | undefined;
  /** The framework's request the host hooks receive; default the `IncomingMessage` itself. */
  readonly raw?: (req: IncomingMessage) => Raw;
}

/** What the Node edge needs of one request (frameworks that strip their mount path pass `url`). */
export interface NodeExchange<Raw> {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The URL below `basePath` (path and query). */
  readonly url: string;
  readonly basePath: string;
  /**
   * The client's address, or a function giving it (called at most once, and only when a route
   * needs the address: anonymous rate limits and stream caps).
   */
  readonly remoteAddress: string | (() => string);
  readonly raw: Raw;
  /**
   * Called once when the answer becomes a long-lived event stream: the place to drop what the
   * framework hung on the request or response and the stream does not need (each stream keeps
   * them alive for hours, once per viewer).
   */
  readonly onStream?: () => void;
}

/** Answers one Node request; resolves false (nothing sent) when no route matches. */
export function handleNodeRequest<Raw>(
  http: LiveHttp<Raw>,
  exchange: NodeExchange<Raw>,
): Promise<boolean> {
  const { req, res, url } = exchange;
  const mark = url.indexOf("?");
  const request = new NodeRequest<Raw>(
    req,
    exchange.raw,
    req.method ?? "GET",
    mark < 0 ? url : url.slice(0, mark),
    mark < 0 ? "" : url.slice(mark + 1),
    exchange.basePath,
    exchange.remoteAddress,
  );
  return http.handle(request, new NodeReply(req, res, exchange.onStream));
}

/**
 * A `(req, res, next?)` handler for node:http and the frameworks built on it. Requests outside
 * `basePath` or without a route go to `next`, or get a plain 404 without one.
 */
export function toNodeHandler<Raw = IncomingMessage>(
  http: LiveHttp<Raw>,
  options: NodeEdgeOptions<Raw> = {},
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void {
  const basePath = options.basePath ?? "";
  const notFound = (res: ServerResponse, next?: (error?: unknown) => void) => {
    if (next !== undefined) next();
    else {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Not Found");
    }
  };
  return (req, res, next) => {
    const url = req.url ?? "/";
    const inside =
      basePath === "" ||
      (url.startsWith(basePath) &&
        (url.length === basePath.length || "/?".includes(url[basePath.length] ?? "")));
    if (!inside) {
      notFound(res, next);
      return;
    }
    handleNodeRequest(http, {
      req,
      res,
      url: basePath === "" ? url : url.slice(basePath.length) || "/",
      basePath,
      remoteAddress: () => options.remoteAddress?.(req) ?? req.socket.remoteAddress ?? "unknown",
      raw: options.raw === undefined ? (req as unknown as Raw) : options.raw(req),
    }).then(
      (matched) => {
        if (!matched) notFound(res, next);
      },
      (error: unknown) => {
        if (next !== undefined) next(error);
        else res.destroy();
      },
    );
  };
}

/** The neutral reply (and event stream) of a Node response. */
export function nodeReply(req: IncomingMessage, res: ServerResponse): LiveHttpReply {
  return new NodeReply(req, res, undefined);
}
