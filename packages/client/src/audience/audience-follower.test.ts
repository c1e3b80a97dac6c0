import { describe, expect, it } from "vitest";
import { clientErrorCode } from "../http/client-errors.js";
import { createLiveClient } from "../http/live-client.js";

const view = (version: number, screen = "waiting") => ({ sessionId: "ses_1", screen, version });

/** A text/event-stream response whose chunks are given one by one (then it ends). */
function streamOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { status: 200, headers: { "content-type": "text/event-stream" } },
  );
}

describe("followAudience", () => {
  it("parses events split across chunks, CRLF lines and comments; keeps the newest version", async () => {
    let calls = 0;
    const client = createLiveClient({
      baseUrl: "/api/live",
      reconnect: { minDelayMs: 5_000 },
      fetch: async () => {
        calls += 1;
        return streamOf([
          "retry: 3000\r\n\r\n: heartbeat\n\nid: 4\nda",
          `ta: ${JSON.stringify(view(4))}\n\n`,
          `id: 6\r\ndata: ${JSON.stringify(view(6, "live"))}\r\n\r\n`,
          // An older state arriving late is not shown.
          `id: 5\ndata: ${JSON.stringify(view(5, "waiting"))}\n\n`,
        ]);
      },
    });
    const follower = client.followAudience("ses_1");
    await expect.poll(() => follower.getSnapshot().view?.version).toBe(6);
    expect(follower.getSnapshot().view?.screen).toBe("live");
    follower.close();
    expect(follower.getSnapshot().connection).toBe("closed");
    expect(calls).toBe(1);
  });

  it("snapshots are the same object while nothing changes, and listeners can unsubscribe", async () => {
    const client = createLiveClient({
      baseUrl: "/api/live",
      reconnect: { minDelayMs: 5_000 },
      fetch: async () => streamOf([`id: 1\ndata: ${JSON.stringify(view(1))}\n\n`]),
    });
    const follower = client.followAudience("ses_1");
    let notified = 0;
    const unsubscribe = follower.subscribe(() => {
      notified += 1;
    });
    await expect.poll(() => follower.getSnapshot().view?.version).toBe(1);
    const snapshot = follower.getSnapshot();
    expect(follower.getSnapshot()).toBe(snapshot);
    unsubscribe();
    const before = notified;
    follower.close();
    expect(notified).toBe(before);
  });

  it("sends Last-Event-ID, the locale and the stream's Accept header, and backs off on a refusal with Retry-After", async () => {
    const requests: Headers[] = [];
    const times: number[] = [];
    const client = createLiveClient({
      baseUrl: "/api/live",
      locale: "fr",
      reconnect: { minDelayMs: 10, maxDelayMs: 50 },
      fetch: async (_input, init) => {
        requests.push(new Headers(init?.headers));
        times.push(Date.now());
        if (requests.length === 1) return streamOf([`id: 9\ndata: ${JSON.stringify(view(9))}\n\n`]);
        if (requests.length === 2) {
          return new Response(
            JSON.stringify({ code: "SERVICE_UNAVAILABLE", detail: "Full.", retriable: true }),
            {
              status: 503,
              headers: { "retry-after": "1", "content-type": "application/problem+json" },
            },
          );
        }
        return streamOf([": resumed\n\n"]);
      },
    });
    const follower = client.followAudience("ses_1");
    await expect.poll(() => requests.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    expect(requests[0]?.get("accept")).toBe("text/event-stream");
    expect(requests[0]?.get("accept-language")).toBe("fr");
    expect(requests[0]?.get("last-event-id")).toBeNull();
    expect(requests[1]?.get("last-event-id")).toBe("9");
    expect(requests[2]?.get("last-event-id")).toBe("9");
    // Retry-After: 1 wins over the 10–50 ms backoff.
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(950);
    follower.close();
  });

  it("backs off exponentially while streams end at once without a state", async () => {
    const times: number[] = [];
    const client = createLiveClient({
      baseUrl: "/api/live",
      reconnect: { minDelayMs: 20, maxDelayMs: 1_000 },
      fetch: async () => {
        times.push(Date.now());
        return streamOf([": resumed\n\n"]);
      },
    });
    const follower = client.followAudience("ses_1");
    await expect.poll(() => times.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(5);
    follower.close();
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // 20, 40, 80, 160 ms: each wait about twice the one before.
    expect(gaps[3] ?? 0).toBeGreaterThanOrEqual(140);
    expect(gaps[3] ?? 0).toBeGreaterThan(gaps[1] ?? 0);
  });

  it("keeps the view and reports the network failure while it reconnects", async () => {
    let calls = 0;
    const client = createLiveClient({
      baseUrl: "/api/live",
      reconnect: { minDelayMs: 10, maxDelayMs: 20 },
      fetch: async () => {
        calls += 1;
        if (calls === 1) return streamOf([`id: 2\ndata: ${JSON.stringify(view(2))}\n\n`]);
        throw new TypeError("fetch failed");
      },
    });
    const follower = client.followAudience("ses_1");
    await expect.poll(() => calls).toBeGreaterThanOrEqual(3);
    const state = follower.getSnapshot();
    expect(state.connection).toBe("reconnecting");
    expect(state.view?.version).toBe(2);
    expect(state.error && clientErrorCode(state.error)).toBe("NETWORK_FAILED");
    follower.close();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toBe(after);
  });
});
