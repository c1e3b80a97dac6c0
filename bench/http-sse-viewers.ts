// Load client of the SSE fan-out benchmark, run in its own process: opens N Server-Sent Events
// streams on raw sockets, reports when every viewer has its snapshot, then when every viewer has
// received the state that contains a marker. Node built-ins only.
import { connect, type Socket } from "node:net";

interface Options {
  readonly port: number;
  readonly path: string;
  readonly count: number;
  readonly marker: string;
  readonly concurrency: number;
  /** Viewer counts at which to pause and report `ready` until the server says `continue`. */
  readonly checkpoints?: readonly number[];
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send?.(message);

const sockets: Socket[] = [];
let opened = 0;
let limit = options.checkpoints?.[0] ?? options.count;
let ready = 0;
let failed = 0;
let received = 0;
let firstAt = Number.POSITIVE_INFINITY;
let lastAt = 0;
const arrivals: number[] = [];

function openViewer() {
  const socket = connect(options.port, "127.0.0.1");
  sockets.push(socket);
  let snapshot = false;
  let done = false;
  let tail = "";
  socket.setEncoding("utf8");
  socket.setNoDelay(true);
  socket.on("connect", () => {
    socket.write(
      `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
    );
  });
  socket.on("data", (chunk: string) => {
    const text = tail + chunk;
    tail = text.slice(-options.marker.length);
    if (!snapshot && text.includes("\ndata: ")) {
      snapshot = true;
      ready++;
      openMore();
      if (ready + failed === limit) send({ type: "ready", ready, failed });
    }
    if (!done && text.includes(options.marker)) {
      done = true;
      const at = now();
      arrivals.push(at);
      received++;
      firstAt = Math.min(firstAt, at);
      lastAt = Math.max(lastAt, at);
      if (received === ready)
        send({ type: "done", received, firstAt, lastAt, arrivals: summarize() });
    }
  });
  socket.on("error", () => {
    if (!snapshot) {
      failed++;
      openMore();
      if (ready + failed === limit) send({ type: "ready", ready, failed });
    }
  });
}

function summarize() {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

function openMore() {
  while (opened < limit && opened - ready - failed < options.concurrency) {
    opened++;
    openViewer();
  }
}

process.on("message", (message: { type: string }) => {
  if (message.type === "continue") {
    limit = options.checkpoints?.find((checkpoint) => checkpoint > limit) ?? options.count;
    openMore();
  }
  if (message.type === "close") {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }
});

openMore();
