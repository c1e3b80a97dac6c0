// The neutral request and reply every route works on. An edge (Node, fetch) builds them from its
// framework's own objects; the routes never see a framework type.

/** Header values by lower-case name, as Node keeps them (one string per name). */
export type LiveHttpHeaders = Readonly<Record<string, string | undefined>>;

/** A delivery's headers with repeated ones kept apart (arrays), for signature checks. */
export type DistinctHeaders = Record<string, string | readonly string[]>;

/** The request body, read only as far as a route needs it. */
export interface LiveHttpBody {
  /** The whole body; a `CONTENT_TOO_LARGE` LiveError beyond `maxBytes` (checked on Content-Length first). */
  bytes(maxBytes: number): Promise<Uint8Array>;
  /** At most the first `maxBytes` bytes (fewer only when the body is shorter); the rest is left unread. */
  head(maxBytes: number): Promise<Uint8Array>;
  /** Reads the whole body without keeping it; its size, or `CONTENT_TOO_LARGE` beyond `maxBytes`. */
  discard(maxBytes: number): Promise<number>;
}

export interface LiveHttpRequest<Raw = unknown> {
  /** Upper-case method. */
  readonly method: string;
  /** The path below the mount point, still percent-encoded, without the query (`/sessions/abc/join`). */
  readonly path: string;
  /** The query string without its `?` ("" when there is none). */
  readonly query: string;
  /** Where the API is mounted (`/live`), for `Location` headers and logs; "" at the root. */
  readonly basePath: string;
  readonly headers: LiveHttpHeaders;
  /** The headers with repeated names kept apart (only webhook verification needs it). */
  distinctHeaders(): DistinctHeaders;
  /** The client's address as the host trusts it (after its proxy settings). */
  readonly remoteAddress: string;
  readonly body: LiveHttpBody;
  /** The framework's own request (Express `req`, `IncomingMessage`, a fetch `Request`), for host hooks. */
  readonly raw: Raw;
}

/** A Server-Sent Events stream as the edge carries it. */
export interface SseSink {
  /** Writes a chunk; false when the client is not keeping up (wait for `onDrain`). */
  write(chunk: string): boolean;
  /** Called once when a write that returned false has been flushed. */
  onDrain(listener: () => void): void;
  /** Drops the stream. */
  destroy(): void;
  readonly closed: boolean;
}

/** How a route's answer leaves: the edge writes it to its framework's response. */
export interface LiveHttpReply {
  /** Sends a whole answer (`body` null: none). */
  send(status: number, headers: Readonly<Record<string, string>>, body: string | null): void;
  /** Starts a `200` event stream with these headers. */
  stream(headers: Readonly<Record<string, string>>): SseSink;
  /** Called once when the client goes away or the answer is done. */
  onClose(listener: () => void): void;
  /** Whether the client went away (or the answer is done). */
  readonly closed: boolean;
}
