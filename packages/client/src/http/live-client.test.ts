import { isLiveError, LiveError, localizeAdvice } from "@onair/core/browser";
import { describe, expect, it } from "vitest";
import { clientErrorCode } from "./client-errors.js";
import { createLiveClient } from "./live-client.js";

interface Seen {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | Uint8Array | null;
}

/** A fetch that records each request and answers with `answer(request)`. */
function stubFetch(answer: (request: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    const raw = init?.body;
    const body =
      raw === undefined || raw === null
        ? null
        : typeof raw === "string"
          ? raw
          : raw instanceof Blob
            ? new Uint8Array(await raw.arrayBuffer())
            : (raw as Uint8Array);
    const request: Seen = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body,
    };
    seen.push(request);
    return answer(request);
  };
  return { fetch: fetchStub, seen };
}

const jsonAnswer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const problem = (status: number, body: Record<string, unknown>, headers: HeadersInit = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });

const liveStatus = {
  sessionId: "ses_1",
  version: 3,
  phase: "live",
  startedAt: "2026-01-01T10:00:00.000Z",
  endedAt: null,
  replay: "none",
  stage: { streamIds: [], layout: "grid", focusStreamId: null },
  streams: [],
};

describe("createLiveClient: requests", () => {
  it.each([
    [
      "join",
      "POST",
      "/api/live/sessions/ses_1/join",
      (c: ReturnType<typeof createLiveClient>) => c.join("ses_1"),
    ],
    [
      "startLive",
      "POST",
      "/api/live/sessions/ses_1/live/start",
      (c: ReturnType<typeof createLiveClient>) => c.startLive("ses_1"),
    ],
    [
      "stopLive",
      "POST",
      "/api/live/sessions/ses_1/live/stop",
      (c: ReturnType<typeof createLiveClient>) => c.stopLive("ses_1"),
    ],
  ])("%s sends %s %s with an empty JSON body and the locale", async (_name, method, path, call) => {
    const stub = stubFetch(() => jsonAnswer(liveStatus));
    const client = createLiveClient({
      baseUrl: "https://x.test/api/live/",
      fetch: stub.fetch,
      locale: "fr",
    });
    await expect(call(client)).resolves.toEqual(liveStatus);
    const [request] = stub.seen;
    expect(request?.method).toBe(method);
    expect(request?.url).toBe(`https://x.test${path}`);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("accept-language")).toBe("fr");
    expect(request?.body).toBe("{}");
  });

  it("setStage sends PUT /stage with the stage as JSON", async () => {
    const stub = stubFetch(() => jsonAnswer(liveStatus));
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch });
    const stage = { streamIds: ["st_1", "st_2"], layout: "focus" as const, focusStreamId: "st_1" };
    await client.setStage("ses_1", stage);
    expect(stub.seen[0]).toMatchObject({ method: "PUT", url: "/api/live/sessions/ses_1/stage" });
    expect(JSON.parse(String(stub.seen[0]?.body))).toEqual(stage);
  });

  it("GET routes send no body and encode the session id", async () => {
    const stub = stubFetch((request) =>
      request.url.endsWith("/presence")
        ? jsonAnswer({ moderators: 1, speakers: 2, audience: 30 })
        : jsonAnswer({ sessionId: "a/b", screen: "waiting", version: 1 }),
    );
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch });
    await expect(client.presence("a/b")).resolves.toEqual({
      moderators: 1,
      speakers: 2,
      audience: 30,
    });
    await expect(client.audience("a/b")).resolves.toMatchObject({ screen: "waiting" });
    expect(stub.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ["GET", "/api/live/sessions/a%2Fb/presence", null],
      ["GET", "/api/live/sessions/a%2Fb/audience", null],
    ]);
    expect(stub.seen[0]?.headers.get("content-type")).toBeNull();
    expect(stub.seen[0]?.headers.get("accept")).toBe("application/json");
  });

  it("preflight reads the server's localized answer as the core's PreflightResult", async () => {
    const answer = {
      overall: "degraded",
      checks: [
        {
          id: "bandwidth",
          verdict: "warn",
          reason: "below-minimum",
          advice: [{ code: "good-connection-needed", message: "Il faut une bonne connexion." }],
        },
      ],
      advice: [{ code: "good-connection-needed", message: "Il faut une bonne connexion." }],
    };
    const client = createLiveClient({
      baseUrl: "/api/live",
      locale: "fr",
      fetch: stubFetch(() => jsonAnswer(answer)).fetch,
    });
    const result = await client.preflight({ role: "speaker" } as never);
    expect(result.overall).toBe("degraded");
    expect(result.checks[0]).toMatchObject({
      id: "bandwidth",
      verdict: "warn",
      reason: "below-minimum",
    });
    expect(localizeAdvice(result.advice, "fr")).toEqual(answer.advice);
    expect(localizeAdvice(result.checks[0]?.advice ?? [], "fr")).toEqual(answer.advice);
  });

  it("preflight posts the report as JSON", async () => {
    const result = { overall: "ready", checks: [], advice: [] };
    const stub = stubFetch(() => jsonAnswer(result));
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch });
    const report = { role: "attendee" } as never;
    await expect(client.preflight(report)).resolves.toEqual(result);
    expect(stub.seen[0]).toMatchObject({ method: "POST", url: "/api/live/preflight" });
    expect(JSON.parse(String(stub.seen[0]?.body))).toEqual({ role: "attendee" });
  });

  it("checkContent sends the file's bytes as octet-stream (fetch sets Content-Length from them)", async () => {
    const stub = stubFetch(() => jsonAnswer({ kind: "pdf", mimeType: "application/pdf", size: 9 }));
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch });
    const file = new Blob([new TextEncoder().encode("%PDF-1.7\n")]);
    await expect(client.checkContent("ses_1", file)).resolves.toEqual({
      kind: "pdf",
      mimeType: "application/pdf",
      size: 9,
    });
    const [request] = stub.seen;
    expect(request).toMatchObject({ method: "POST", url: "/api/live/sessions/ses_1/content" });
    expect(request?.headers.get("content-type")).toBe("application/octet-stream");
    expect(new TextDecoder().decode(request?.body as Uint8Array)).toBe("%PDF-1.7\n");
  });

  it("replayUrl is the redirecting route, so every use gets a fresh link (R-LIFE-7)", () => {
    const client = createLiveClient({
      baseUrl: "https://x.test/api/live",
      fetch: stubFetch(() => jsonAnswer({})).fetch,
    });
    expect(client.replayUrl("ses 1")).toBe("https://x.test/api/live/sessions/ses%201/replay");
  });

  it("sends credentials as configured", async () => {
    const seen: RequestInit[] = [];
    const client = createLiveClient({
      baseUrl: "/api/live",
      credentials: "include",
      fetch: async (_input, init) => {
        seen.push(init ?? {});
        return jsonAnswer(liveStatus);
      },
    });
    await client.startLive("ses_1");
    expect(seen[0]?.credentials).toBe("include");
  });
});

describe("createLiveClient: errors", () => {
  it("a problem document becomes a LiveError with code, detail, advice and retry", async () => {
    const stub = stubFetch(() =>
      problem(403, {
        type: "urn:onair:problem:not-a-participant",
        code: "NOT_A_PARTICIPANT",
        title: "Not a participant of this session",
        status: 403,
        detail: "Vous n'êtes ni modérateur ni intervenant de cette session.",
        retriable: false,
        advice: [{ code: "clear-cache", message: "Videz le cache du navigateur." }],
      }),
    );
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch, locale: "fr" });
    const error = await client.join("ses_1").catch((e: unknown) => e);
    expect(isLiveError(error, "NOT_A_PARTICIPANT")).toBe(true);
    const liveError = error as LiveError;
    expect(liveError.message).toBe("Vous n'êtes ni modérateur ni intervenant de cette session.");
    expect(liveError.retriable).toBe(false);
    expect(localizeAdvice(liveError.advice, "fr")).toEqual([
      { code: "clear-cache", message: "Videz le cache du navigateur." },
    ]);
  });

  it("a 429 keeps Retry-After and the issues of an invalid input are kept", async () => {
    const stub = stubFetch((request) =>
      request.url.endsWith("/stage")
        ? problem(400, {
            code: "INVALID_INPUT",
            detail: "The stage is not valid.",
            retriable: false,
            issues: [{ path: "layout", message: "Invalid option" }],
          })
        : problem(
            429,
            { code: "RATE_LIMITED", detail: "Too many requests.", retriable: true },
            { "retry-after": "7" },
          ),
    );
    const client = createLiveClient({ baseUrl: "/api/live", fetch: stub.fetch });
    const limited = (await client.startLive("ses_1").catch((e: unknown) => e)) as LiveError;
    expect(limited).toBeInstanceOf(LiveError);
    expect([limited.code, limited.retriable, limited.retryAfterSeconds]).toEqual([
      "RATE_LIMITED",
      true,
      7,
    ]);
    const invalid = (await client
      .setStage("ses_1", { streamIds: [], layout: "grid" })
      .catch((e: unknown) => e)) as LiveError;
    expect(invalid.code).toBe("INVALID_INPUT");
    expect(invalid.issues).toEqual([{ path: "layout", message: "Invalid option" }]);
  });

  it("no answer at all is NETWORK_FAILED, retriable, with a message in the client's locale", async () => {
    const client = createLiveClient({
      baseUrl: "/api/live",
      locale: "fr",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const error = (await client.audience("ses_1").catch((e: unknown) => e)) as LiveError;
    expect(error).toBeInstanceOf(LiveError);
    expect(clientErrorCode(error)).toBe("NETWORK_FAILED");
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/serveur est injoignable/);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("an answer that is not a problem document keeps what its status says", async () => {
    const gateway = createLiveClient({
      baseUrl: "/api/live",
      fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }),
    });
    const error = (await gateway.presence("ses_1").catch((e: unknown) => e)) as LiveError;
    expect([clientErrorCode(error), error.retriable]).toEqual(["SERVICE_UNAVAILABLE", true]);
    const notFound = createLiveClient({
      baseUrl: "/api/live",
      fetch: async () => new Response("Cannot GET", { status: 404 }),
    });
    const missing = (await notFound.presence("ses_1").catch((e: unknown) => e)) as LiveError;
    expect([clientErrorCode(missing), missing.retriable]).toEqual(["INTERNAL_ERROR", false]);
  });

  it("a success whose body is not JSON is NETWORK_FAILED rather than a crash", async () => {
    const client = createLiveClient({
      baseUrl: "/api/live",
      fetch: async () => new Response("not json", { status: 200 }),
    });
    const error = (await client.presence("ses_1").catch((e: unknown) => e)) as LiveError;
    expect(clientErrorCode(error)).toBe("NETWORK_FAILED");
  });
});

describe("createLiveClient: measureUpload (R-PRE-3)", () => {
  /** A fetch stub for POST /preflight/bandwidth that "takes" bytes at `mbps` on a fake clock. */
  function uploadAt(mbps: number) {
    let now = 0;
    const sizes: number[] = [];
    const fetchStub: typeof fetch = async (input, init) => {
      expect(String(input)).toBe("/api/live/preflight/bandwidth");
      expect(init?.method).toBe("POST");
      expect(new Headers(init?.headers).get("content-type")).toBe("application/octet-stream");
      const size = (init?.body as Uint8Array | undefined)?.byteLength ?? 0;
      sizes.push(size);
      now += ((size * 8) / (mbps * 1_000_000)) * 1000;
      return new Response(null, { status: 204 });
    };
    return { fetch: fetchStub, clock: { now: () => now }, sizes };
  }

  it("measures a probe, then a payload sized to about two seconds", async () => {
    const link = uploadAt(5);
    const client = createLiveClient({ baseUrl: "/api/live", fetch: link.fetch, clock: link.clock });
    await expect(client.measureUpload()).resolves.toBeCloseTo(5, 1);
    expect(link.sizes).toHaveLength(2);
    expect(link.sizes[0]).toBe(256 * 1024);
    // 5 Mbps for 2 s = 1.25 MB, under the default 2 MiB the server reads.
    expect(link.sizes[1]).toBeGreaterThan(1_200_000);
    expect(link.sizes[1]).toBeLessThan(1_300_000);
  });

  it("never sends more than `bytes`", async () => {
    const link = uploadAt(500);
    const client = createLiveClient({ baseUrl: "/api/live", fetch: link.fetch, clock: link.clock });
    await expect(client.measureUpload({ bytes: 1_000_000 })).resolves.toBeCloseTo(500, 0);
    expect(Math.max(...link.sizes)).toBe(1_000_000);
  });

  it("sends random bytes, so compression on the way cannot inflate the figure", async () => {
    const link = uploadAt(1);
    let body: Uint8Array | null = null;
    const client = createLiveClient({
      baseUrl: "/api/live",
      clock: link.clock,
      fetch: async (input, init) => {
        body ??= init?.body as Uint8Array;
        return link.fetch(input, init);
      },
    });
    await client.measureUpload();
    const distinct = new Set(body as unknown as Uint8Array);
    expect(distinct.size).toBeGreaterThan(200);
  });

  it("sends at most 2 MiB by default, and keeps the probe's figure when the server reads less", async () => {
    const link = uploadAt(1_000);
    const client = createLiveClient({ baseUrl: "/api/live", fetch: link.fetch, clock: link.clock });
    await client.measureUpload();
    expect(Math.max(...link.sizes)).toBe(2 * 1024 * 1024);

    let calls = 0;
    const strict = createLiveClient({
      baseUrl: "/api/live",
      clock: link.clock,
      fetch: async (input, init) => {
        calls += 1;
        if (calls === 1) return link.fetch(input, init);
        return new Response(JSON.stringify({ code: "CONTENT_TOO_LARGE", detail: "Too large." }), {
          status: 413,
          headers: { "content-type": "application/problem+json" },
        });
      },
    });
    await expect(strict.measureUpload({ bytes: 4 * 1024 * 1024 })).resolves.toBeCloseTo(1_000, 0);
  });

  it("is null when the route is missing or the network fails", async () => {
    const missing = createLiveClient({
      baseUrl: "/api/live",
      fetch: async () => new Response("Cannot POST", { status: 404 }),
    });
    await expect(missing.measureUpload()).resolves.toBeNull();
    const offline = createLiveClient({
      baseUrl: "/api/live",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(offline.measureUpload()).resolves.toBeNull();
  });

  it("is null when it does not finish within the timeout", async () => {
    const client = createLiveClient({
      baseUrl: "/api/live",
      fetch: (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    });
    const started = Date.now();
    await expect(client.measureUpload({ timeoutMs: 100 })).resolves.toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
