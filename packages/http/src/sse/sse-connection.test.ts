import { describe, expect, it } from "vitest";
import type { LiveHttpReply, SseSink } from "../neutral.js";
import { openSseConnection, sseFrame } from "./sse-connection.js";

/** A reply whose stream accepts writes until `full` is set, like a slow client's. */
function fakeResponse() {
  const state = {
    full: false,
    written: [] as string[],
    headers: {} as Record<string, string>,
    status: 0,
    destroyed: false,
  };
  let drainListener: (() => void) | null = null;
  const sink: SseSink = {
    write(chunk) {
      state.written.push(chunk);
      return !state.full;
    },
    onDrain(listener) {
      drainListener = listener;
    },
    destroy() {
      state.destroyed = true;
    },
    get closed() {
      return state.destroyed;
    },
  };
  const res: LiveHttpReply = {
    send() {},
    stream(headers) {
      state.status = 200;
      state.headers = { ...headers };
      return sink;
    },
    onClose() {},
    get closed() {
      return state.destroyed;
    },
  };
  const drain = () => {
    const listener = drainListener;
    drainListener = null;
    listener?.();
  };
  return { res, state, drain };
}

describe("SSE connection", () => {
  it("opens an event stream that proxies must not buffer or transform", () => {
    const { res, state } = fakeResponse();
    openSseConnection(res, { retryMs: 2500, now: () => 0 });
    expect(state.status).toBe(200);
    expect(state.headers["Content-Type"]).toBe("text/event-stream; charset=utf-8");
    expect(state.headers["Cache-Control"]).toContain("no-transform");
    expect(state.headers["X-Accel-Buffering"]).toBe("no");
    expect(state.written).toEqual(["retry: 2500\n\n"]);
  });

  it("frames a state with its version as the event id, on one data line", () => {
    expect(sseFrame(7, { phase: "live", title: "a\nb" })).toBe(
      'id: 7\ndata: {"phase":"live","title":"a\\nb"}\n\n',
    );
  });

  it("never sends a version twice or goes backwards", () => {
    const { res, state } = fakeResponse();
    const connection = openSseConnection(res, { retryMs: 1000, now: () => 0 });
    connection.send("v2", 2);
    connection.send("v2-again", 2);
    connection.send("v1", 1);
    connection.send("v3", 3);
    expect(state.written.slice(1)).toEqual(["v2", "v3"]);
  });

  it("holds only the latest state for a slow client, and sends it when the socket drains", () => {
    let now = 1_000;
    const { res, state, drain } = fakeResponse();
    const connection = openSseConnection(res, { retryMs: 1000, now: () => now });
    state.full = true;
    connection.send("v1", 1);
    expect(connection.stalledSince).toBe(1_000);
    now = 2_000;
    for (let version = 2; version <= 500; version++) connection.send(`v${version}`, version);
    connection.heartbeat();
    expect(state.written.slice(1)).toEqual(["v1"]);
    state.full = false;
    drain();
    expect(state.written.slice(1)).toEqual(["v1", "v500"]);
    expect(connection.stalledSince).toBeNull();
    connection.heartbeat();
    expect(state.written.at(-1)).toBe(": heartbeat\n\n");
  });

  it("resumes after a Last-Event-ID without resending what the client has", () => {
    const { res, state } = fakeResponse();
    const connection = openSseConnection(res, { retryMs: 1000, now: () => 0 });
    connection.resumeAt(4);
    connection.send("v4", 4);
    connection.send("v5", 5);
    expect(state.written.slice(1)).toEqual([": resumed\n\n", "v5"]);
  });
});
