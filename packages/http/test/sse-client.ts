// A minimal Server-Sent Events client for tests: raw HTTP, events and comments parsed as they come.
import { type IncomingMessage, request } from "node:http";
import { recordSse, type SseEvent } from "../../testing/src/http-contract/sse-client.js";

export type { SseEvent };

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
      let endResolve: () => void = () => {};
      const ended = new Promise<void>((done) => {
        endResolve = done;
      });
      const recording = recordSse(() => client);
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        until: recording.until,
        ended,
        close: () => req.destroy(),
        text: recording.text,
      };
      res.on("data", recording.push);
      res.on("end", endResolve);
      res.on("close", endResolve);
      resolve(client);
    });
    req.on("error", reject);
    req.end();
  });
}
