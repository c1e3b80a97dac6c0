// One Server-Sent Events response, written without unbounded buffering: while the client is slow
// (the socket asks to drain), newer states replace the one waiting, so at most one is held.
// A class rather than closures: thousands of these live at once, so each must stay small.
import type { LiveHttpReply, SseSink } from "../neutral.js";

/** The `id:`/`data:` block of one state; built once per change and shared by every viewer. */
export function sseFrame(version: number, data: unknown): string {
  return `id: ${version}\ndata: ${JSON.stringify(data)}\n\n`;
}

const heartbeatFrame = ": heartbeat\n\n";
const resumedFrame = ": resumed\n\n";
const retryFrames = new Map<number, string>();

function retryFrame(ms: number): string {
  let frame = retryFrames.get(ms);
  if (frame === undefined) {
    frame = `retry: ${ms}\n\n`;
    retryFrames.set(ms, frame);
  }
  return frame;
}

export class SseConnection {
  private sentVersion = -1;
  private pending: string | null = null;
  /** Epoch ms since when the client has not drained, or null when it keeps up. */
  stalledSince: number | null = null;

  constructor(
    private readonly sink: SseSink,
    private readonly now: () => number,
  ) {}

  /** Sends a state frame unless the client already has this version or a newer one. */
  send(frame: string, version: number): void {
    if (version <= this.sentVersion) return;
    this.sentVersion = version;
    if (this.stalledSince !== null) this.pending = frame;
    else this.write(frame);
  }

  /** The client already holds this version (Last-Event-ID): only newer ones will be sent. */
  resumeAt(version: number): void {
    this.sentVersion = Math.max(this.sentVersion, version);
    this.write(resumedFrame);
  }

  /** A comment line that keeps proxies from closing an idle stream. */
  heartbeat(): void {
    if (this.stalledSince === null) this.write(heartbeatFrame);
  }

  /** Drops the connection (slow client, shutdown). */
  destroy(): void {
    this.sink.destroy();
  }

  private write(chunk: string): void {
    const { sink } = this;
    if (sink.closed) return;
    if (!sink.write(chunk)) {
      this.stalledSince = this.now();
      sink.onDrain(() => this.drained());
    }
  }

  private drained(): void {
    this.stalledSince = null;
    const next = this.pending;
    this.pending = null;
    if (next !== null) this.write(next);
  }
}

export const sseHeaders: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-store, no-transform",
  Connection: "keep-alive",
  // Reverse proxies (nginx) must pass events through as they come.
  "X-Accel-Buffering": "no",
};

export function openSseConnection(
  reply: LiveHttpReply,
  options: { readonly retryMs: number; readonly now: () => number },
): SseConnection {
  const sink = reply.stream(sseHeaders);
  const connection = new SseConnection(sink, options.now);
  sink.write(retryFrame(options.retryMs));
  return connection;
}
