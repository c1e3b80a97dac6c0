// The fetch edge: a Web `Request` in, a `Response` out, for any runtime that speaks fetch
// (Next.js route handlers, Hono, Bun, Deno). An event stream is a streaming `Response` whose
// queue tells when the client is not keeping up.
import { LiveError } from "@onair/core";
import type { LiveHttp } from "../live-http.js";
import type {
  DistinctHeaders,
  LiveHttpBody,
  LiveHttpHeaders,
  LiveHttpReply,
  LiveHttpRequest,
  SseSink,
} from "../neutral.js";

export interface FetchHandlerOptions {
  /** Where the API is mounted (`/api/live`); requests outside it get a plain 404. Default "". */
  readonly basePath?: string;
  /**
   * The client's address (anonymous callers are rate-limited by it). Fetch requests do not carry
   * one: read it from your runtime (Bun's `server.requestIP`, Hono's `getConnInfo`) or a header
   * your proxy sets. Default "unknown": every anonymous caller then shares one budget.
   */
  readonly remoteAddress?: (request: Request) => string | undefined;
}

// Bytes an event stream queues for a slow client before it counts as stalled.
const streamHighWaterMark = 64 * 1024;
const encoder = new TextEncoder();

function tooLarge(): LiveError {
  return new LiveError("CONTENT_TOO_LARGE", "The request body is too large.");
}

class FetchBody implements LiveHttpBody {
  constructor(private readonly request: Request) {}

  /** Reads chunks until the end, or until `stop` says enough (the rest is cancelled). */
  private async read(
    maxBytes: number,
    onChunk: (chunk: Uint8Array, received: number) => boolean,
  ): Promise<number> {
    const declared = Number(this.request.headers.get("content-length"));
    if (declared > maxBytes) throw tooLarge();
    const body = this.request.body;
    if (body === null) return 0;
    const reader = body.getReader();
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return received;
        received += value.byteLength;
        if (!onChunk(value, received)) {
          void reader.cancel().catch(() => {});
          return received;
        }
      }
    } catch (error) {
      if (error instanceof LiveError) throw error;
      throw new LiveError("INVALID_INPUT", "The request was aborted.");
    } finally {
      reader.releaseLock();
    }
  }

  async bytes(maxBytes: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    const total = await this.read(maxBytes, (chunk, received) => {
      if (received > maxBytes) throw tooLarge();
      chunks.push(chunk);
      return true;
    });
    return concat(chunks, total);
  }

  async head(maxBytes: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    const total = await this.read(Number.POSITIVE_INFINITY, (chunk, received) => {
      chunks.push(chunk);
      return received < maxBytes;
    });
    return concat(chunks, total).subarray(0, Math.min(total, maxBytes));
  }

  discard(maxBytes: number): Promise<number> {
    return this.read(maxBytes, (_chunk, received) => {
      if (received > maxBytes) throw tooLarge();
      return true;
    });
  }
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

class FetchRequest implements LiveHttpRequest<Request> {
  readonly headers: LiveHttpHeaders;
  readonly body: LiveHttpBody;
  constructor(
    readonly raw: Request,
    readonly path: string,
    readonly query: string,
    readonly basePath: string,
    readonly remoteAddress: string,
  ) {
    const headers: Record<string, string> = {};
    raw.headers.forEach((value, name) => {
      headers[name] = value;
    });
    this.headers = headers;
    this.body = new FetchBody(raw);
  }
  get method(): string {
    return this.raw.method;
  }
  distinctHeaders(): DistinctHeaders {
    // A fetch `Headers` joins repeated names: a repeated signature arrives as one odd value,
    // which the provider's verification refuses.
    return { ...(this.headers as Record<string, string>) };
  }
}

class FetchReply implements LiveHttpReply, SseSink {
  readonly answer: Promise<Response>;
  private resolve!: (response: Response) => void;
  private answered = false;
  private done = false;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private drainListener: (() => void) | null = null;
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly head: boolean) {
    this.answer = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  send(status: number, headers: Readonly<Record<string, string>>, body: string | null): void {
    this.answerWith(new Response(this.head ? null : body, { status, headers }));
  }

  /** Answers with a whole response (a stream already started is dropped instead). */
  answerWith(response: Response): void {
    if (this.answered) {
      this.destroy();
      return;
    }
    this.answered = true;
    this.resolve(response);
    this.finish();
  }

  stream(headers: Readonly<Record<string, string>>): SseSink {
    this.answered = true;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          const listener = this.drainListener;
          this.drainListener = null;
          listener?.();
        },
        cancel: () => this.finish(),
      },
      { highWaterMark: streamHighWaterMark, size: (chunk) => chunk.byteLength },
    );
    this.resolve(new Response(stream, { status: 200, headers }));
    return this;
  }

  write(chunk: string): boolean {
    const { controller } = this;
    if (controller === null || this.done) return false;
    controller.enqueue(encoder.encode(chunk));
    return (controller.desiredSize ?? 0) > 0;
  }

  onDrain(listener: () => void): void {
    this.drainListener = listener;
  }

  destroy(): void {
    if (this.controller !== null && !this.done) {
      try {
        this.controller.close();
      } catch {
        // Already closed by the client.
      }
    }
    this.finish();
  }

  onClose(listener: () => void): void {
    if (this.done) listener();
    else this.closeListeners.push(listener);
  }

  get closed(): boolean {
    return this.done;
  }

  /** The client went away, or the answer is complete: tell the listeners once. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}

function plainNotFound(): Response {
  return new Response("Not Found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** `(request: Request) => Promise<Response>` for the API, mounted at `options.basePath`. */
export function toFetchHandler(
  http: LiveHttp<Request>,
  options: FetchHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const basePath = options.basePath ?? "";
  return (raw) => {
    const url = new URL(raw.url);
    const { pathname } = url;
    const inside =
      basePath === "" ||
      pathname === basePath ||
      (pathname.startsWith(basePath) && pathname[basePath.length] === "/");
    if (!inside) return Promise.resolve(plainNotFound());
    const reply = new FetchReply(raw.method === "HEAD");
    const request = new FetchRequest(
      raw,
      pathname.slice(basePath.length) || "/",
      url.search.slice(1),
      basePath,
      options.remoteAddress?.(raw) ?? "unknown",
    );
    raw.signal.addEventListener("abort", () => reply.destroy(), { once: true });
    http.handle(request, reply).then(
      (matched) => {
        if (!matched) reply.answerWith(plainNotFound());
      },
      () => reply.answerWith(new Response(null, { status: 500 })),
    );
    return reply.answer;
  };
}
