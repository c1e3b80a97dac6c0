// A minimal Server-Sent Events client for tests: raw HTTP, events and comments parsed as they come.
import { type IncomingMessage, request } from "node:http";

export interface SseEvent {
  readonly id: string | null;
  readonly data: string;
}

export interface SseClient {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Resolves once `predicate` holds for the received events and comments (or rejects after `timeoutMs`). */
  until(predicate: (client: SseClient) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
  /** The body, for non-stream answers (problems). */
  readonly text: () => string;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      res.setEncoding("utf8");
      let buffer = "";
      let raw = "";
      const waiters = new Set<() => void>();
      let endResolve: () => void = () => {};
      const ended = new Promise<void>((done) => {
        endResolve = done;
      });
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        until(predicate, timeoutMs = 2_000) {
          if (predicate(client)) return Promise.resolve();
          return new Promise((done, fail) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `SSE condition not met in ${timeoutMs} ms: ${JSON.stringify(client.events)}`,
                ),
              );
            }, timeoutMs);
            const check = () => {
              if (!predicate(client)) return;
              clearTimeout(timer);
              waiters.delete(check);
              done();
            };
            waiters.add(check);
          });
        },
        ended,
        close: () => req.destroy(),
        text: () => raw,
      };
      res.on("data", (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let id: string | null = null;
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) client.comments.push(line.slice(1).trim());
            else if (line.startsWith("id: ")) id = line.slice(4);
            else if (line.startsWith("data: ")) data.push(line.slice(6));
          }
          if (data.length > 0) client.events.push({ id, data: data.join("\n") });
          boundary = buffer.indexOf("\n\n");
        }
        for (const waiter of [...waiters]) waiter();
      });
      res.on("end", endResolve);
      res.on("close", endResolve);
      resolve(client);
    });
    req.on("error", reject);
    req.end();
  });
}
