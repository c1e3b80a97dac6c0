// A minimal Server-Sent Events client over fetch: events and comments parsed as they come.
import type { ContractFetch } from "./http-client.js";

export interface SseEvent {
  readonly id: string | null;
  readonly data: string;
}

export interface SseClient {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Resolves once `predicate` holds (or rejects after `timeoutMs`). */
  until(predicate: (client: SseClient) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream (or it was closed). */
  readonly ended: Promise<void>;
  close(): void;
  /** The body received so far, for non-stream answers (problems). */
  text(): string;
}

/** What both transports share: the events and comments received so far. */
export interface SseRecording {
  readonly events: SseEvent[];
  readonly comments: string[];
}

/**
 * Parses a stream's text as it comes into `client()`'s events and comments, and lets a test wait
 * until they satisfy a predicate. The fetch client here and the HTTP package's raw-socket test
 * client both record through it.
 */
export function recordSse<C extends SseRecording>(client: () => C) {
  let raw = "";
  let buffer = "";
  const waiters = new Set<() => void>();
  return {
    text: () => raw,
    until(predicate: (client: C) => boolean, timeoutMs = 2_000): Promise<void> {
      if (predicate(client())) return Promise.resolve();
      return new Promise((done, fail) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(
            new Error(
              `SSE condition not met in ${timeoutMs} ms: ${JSON.stringify(client().events)}`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (!predicate(client())) return;
          clearTimeout(timer);
          waiters.delete(check);
          done();
        };
        waiters.add(check);
      });
    },
    push(chunk: string) {
      const { events, comments } = client();
      raw += chunk;
      buffer += chunk;
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        let id: string | null = null;
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) comments.push(line.slice(1).trim());
          else if (line.startsWith("id: ")) id = line.slice(4);
          else if (line.startsWith("data: ")) data.push(line.slice(6));
        }
        if (data.length > 0) events.push({ id, data: data.join("\n") });
        boundary = buffer.indexOf("\n\n");
      }
      for (const waiter of [...waiters]) waiter();
    },
  };
}

export async function openSse(
  fetcher: ContractFetch,
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetcher(
    new Request(url, {
      headers: { accept: "text/event-stream", ...headers },
      signal: abort.signal,
    }),
  );
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    answerHeaders[name] = value;
  });
  const recording = recordSse(() => client);
  const client: SseClient = {
    status: response.status,
    headers: answerHeaders,
    events: [],
    comments: [],
    until: recording.until,
    ended: Promise.resolve(),
    close: () => abort.abort(),
    text: recording.text,
  };
  const parse = recording.push;
  const read = async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parse(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Closed by the client or the server.
    }
  };
  (client as { ended: Promise<void> }).ended = read();
  // Problems are short: have them whole before the test reads them.
  if (!(answerHeaders["content-type"] ?? "").startsWith("text/event-stream")) await client.ended;
  return client;
}
