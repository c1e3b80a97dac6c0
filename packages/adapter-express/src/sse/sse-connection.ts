// One Server-Sent Events response, written without unbounded buffering: while the client is slow
// (the socket asks to drain), newer states replace the one waiting, so at most one is held.
import type { Response } from "express";

export interface SseConnection {
  /** Sends a state frame unless the client already has this version or a newer one. */
  send(frame: string, version: number): void;
  /** The client already holds this version (Last-Event-ID): only newer ones will be sent. */
  resumeAt(version: number): void;
  /** A comment line that keeps proxies from closing an idle stream. */
  heartbeat(): void;
  /** Epoch ms since when the client has not drained, or null when it keeps up. */
  readonly stalledSince: number | null;
  /** Drops the connection (slow client, shutdown). */
  destroy(): void;
}

/** The `id:`/`data:` block of one state; built once per change and shared by every viewer. */
export function sseFrame(version: number, data: unknown): string {
  return `id: ${version}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function openSseConnection(
  res: Response,
  options: { readonly retryMs: number; readonly now: () => number },
): SseConnection {
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store, no-transform",
    Connection: "keep-alive",
    // Reverse proxies (nginx) must pass events through as they come.
    "X-Accel-Buffering": "no",
  });
  res.socket?.setNoDelay(true);

  let sentVersion = -1;
  let pending: string | null = null;
  let stalledSince: number | null = null;

  const write = (chunk: string) => {
    if (res.destroyed || res.writableEnded) return;
    if (!res.write(chunk)) {
      stalledSince = options.now();
      res.once("drain", onDrain);
    }
  };

  const onDrain = () => {
    stalledSince = null;
    const next = pending;
    pending = null;
    if (next !== null) write(next);
  };

  write(`retry: ${options.retryMs}\n\n`);

  return {
    send(frame, version) {
      if (version <= sentVersion) return;
      sentVersion = version;
      if (stalledSince !== null) pending = frame;
      else write(frame);
    },
    resumeAt(version) {
      sentVersion = Math.max(sentVersion, version);
      write(": resumed\n\n");
    },
    heartbeat() {
      if (stalledSince === null) write(": heartbeat\n\n");
    },
    get stalledSince() {
      return stalledSince;
    },
    destroy() {
      res.destroy();
    },
  };
}
