// Random requests across every route: random ids, identities, content types, languages, resume
// ids, extra headers and bodies (random JSON, near-valid shapes, text and bytes). Whatever comes
// in, the API never answers 5xx, and a refused request never writes to the store nor calls the
// provider (R-SEC-2). One API for all the runs.
import type { SessionStore } from "@onair/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, people } from "./harness.js";
import type { LiveHttpHost } from "./host.js";
import type { LiveHttpSubject } from "./subject.js";

const writes = ["create", "update", "delete", "appendHistory", "purgeHistory"] as const;
const providerWrites = new Set([
  "createRoom",
  "issueToken",
  "startRecording",
  "stopRecording",
  "deleteRecording",
  "startBroadcast",
  "stopBroadcast",
  "setStage",
  "disconnect",
]);

function countingStore(store: SessionStore, counter: { writes: number }): SessionStore {
  const wrapped: SessionStore = { ...store };
  for (const method of writes) {
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<never>;
    (wrapped as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      counter.writes++;
      return original(...args);
    };
  }
  return wrapped;
}

/** Provider calls that change something (the mock provider records its calls). */
function providerCalls(h: Harness): number {
  const calls = (h.subject.provider as unknown as { calls?: readonly { method: string }[] }).calls;
  return calls?.filter((call) => providerWrites.has(call.method)).length ?? 0;
}

const ids: Record<string, string> = {};
const encoder = new TextEncoder();
const encode = (text: string): Uint8Array => encoder.encode(text);

const id = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom("published", "draft", "live", "ended").map((key) => ids[key]!),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,120}$/) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("..", ".", "%2e%2e", "ses_1/../..", "", " ", "null", "__proto__"),
  },
);

const identity = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      people.admin,
      people.moderator,
      people.speaker,
      people.attendee,
      people.stranger,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      " MODERATOR@example.com",
      "moderat\u043Er@example.com",
      "\uFF4Doderator@example.com",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.emailAddress() },
);

const otherContentType = fc.constantFrom(
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "text/plain",
  "application/octet-stream",
  "application/pdf",
  "application/problem+json",
  "json",
  ";;;",
);
const contentType = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8"),
  },
  { weight: 2, arbitrary: otherContentType },
);

const nearValid = fc.oneof(
  fc.record(
    {
      title: fc.string(),
      startsAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      endsAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      timeZone: fc.string(),
      participants: fc.array(
        fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()), role: fc.string() }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), fc.string()),
      role: fc.constantFrom("moderator", "speaker", "x"),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      streamIds: fc.array(fc.string(), { maxLength: 20 }),
      layout: fc.constantFrom("grid", "focus", "pip", "other"),
      focusStreamId: fc.option(fc.string()),
    },
    { requiredKeys: [] },
  ),
);

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(encode("{}")) },
  { weight: 3, arbitrary: nearValid.map((value) => encode(JSON.stringify(value))) },
  {
    weight: 2,
    arbitrary: fc.jsonValue().map((value) => encode(JSON.stringify(value) ?? "null")),
  },
  {
    weight: 2,
    arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }).map((text) => encode(text)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
  maxLength: 40,
});

const routes: readonly [string, (sessionId: string) => string][] = [
  ["POST", () => "/live/sessions"],
  ["GET", (s) => `/live/sessions/${s}`],
  ["PATCH", (s) => `/live/sessions/${s}`],
  ["DELETE", (s) => `/live/sessions/${s}`],
  ["POST", (s) => `/live/sessions/${s}/publish`],
  ["POST", (s) => `/live/sessions/${s}/unpublish`],
  ["POST", (s) => `/live/sessions/${s}/participants`],
  ["DELETE", (s) => `/live/sessions/${s}/participants`],
  ["GET", (s) => `/live/sessions/${s}/history`],
  ["GET", (s) => `/live/sessions/${s}/audience`],
  ["GET", (s) => `/live/sessions/${s}/events`],
  ["GET", (s) => `/live/sessions/${s}/replay`],
  ["POST", (s) => `/live/sessions/${s}/join`],
  ["POST", (s) => `/live/sessions/${s}/live/start`],
  ["POST", (s) => `/live/sessions/${s}/live/stop`],
  ["PUT", (s) => `/live/sessions/${s}/stage`],
  ["GET", (s) => `/live/sessions/${s}/presence`],
  ["POST", (s) => `/live/sessions/${s}/content`],
  ["POST", () => "/live/preflight"],
  ["POST", () => "/live/preflight/bandwidth"],
  ["POST", () => "/live/webhooks/provider"],
];

const requestCase = fc.record({
  route: fc.constantFrom(...routes),
  sessionId: id,
  user: fc.option(identity, { nil: null }),
  contentType: fc.option(contentType, { nil: null }),
  language: fc.option(fc.oneof(fc.constantFrom("fr", "en-GB,fr;q=0.5", "*", "de"), headerText), {
    nil: null,
  }),
  accept: fc.option(fc.constantFrom("application/json", "text/html", "*/*", "text/event-stream"), {
    nil: null,
  }),
  lastEventId: fc.option(fc.oneof(fc.nat().map(String), headerText), { nil: null }),
  extra: fc.option(fc.tuple(fc.stringMatching(/^x-[a-z-]{1,20}$/), headerText), { nil: null }),
  body,
});

export function fuzzCases(
  host: LiveHttpHost,
  makeSubject: () => LiveHttpSubject | Promise<LiveHttpSubject>,
  numRuns: number,
): void {
  describe("R-SEC-2: random requests across the routes", () => {
    let h: Harness;
    const counter = { writes: 0 };

    // Accepted requests may delete, unpublish or end the fixtures: they are made anew now and then.
    const makeFixtures = async () => {
      ids.published = await h.session();
      ids.draft = await h.session({ draft: true });
      ids.live = await h.session();
      await h.service.startLive(ids.live, { email: people.moderator });
      ids.ended = await h.session();
      await h.service.startLive(ids.ended, { email: people.moderator });
      await h.service.stopLive(ids.ended, { email: people.moderator });
    };

    beforeAll(async () => {
      h = await createHarness(host, await makeSubject(), {
        wrapStore: (store) => countingStore(store, counter),
        settings: {
          rateLimits: {
            join: false,
            preflight: false,
            content: false,
            commands: false,
            presence: false,
            admin: false,
            events: false,
            replay: false,
            bandwidth: false,
          },
          limits: { jsonBodyBytes: 8 * 1024, webhookBodyBytes: 8 * 1024 },
        },
      });
      await makeFixtures();
    });
    afterAll(async () => {
      await h.close();
    });

    const send = async (
      method: string,
      path: string,
      headers: Record<string, string>,
      body: Uint8Array | null,
    ) => {
      // Fetch sends no body with GET and HEAD.
      const withBody = body !== null && method !== "GET" && method !== "HEAD";
      const response = await h.host.fetch(
        new Request(`${h.base}${path}`, {
          method,
          headers,
          ...(withBody ? { body: body as Uint8Array<ArrayBuffer> } : {}),
        }),
      );
      const contentType = response.headers.get("content-type") ?? "";
      // A stream that opened: enough is known, close it.
      if (contentType.startsWith("text/event-stream")) await response.body?.cancel();
      else await response.arrayBuffer();
      return { status: response.status, contentType };
    };

    it("never answers 5xx, and refused requests change nothing", async () => {
      let refused = 0;
      let accepted = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(requestCase, async (input) => {
          if (++runs % 250 === 0) await makeFixtures();
          const [method, path] = input.route;
          const headers: Record<string, string> = {};
          if (input.user !== null) headers["x-user"] = encodeURIComponent(input.user);
          if (input.contentType !== null) headers["content-type"] = input.contentType;
          if (input.language !== null) headers["accept-language"] = input.language;
          if (input.accept !== null) headers.accept = input.accept;
          if (input.lastEventId !== null) headers["last-event-id"] = input.lastEventId;
          if (input.extra !== null) headers[input.extra[0]] = input.extra[1];
          const writesBefore = counter.writes;
          const callsBefore = providerCalls(h);
          const answer = await send(
            method,
            path(encodeURIComponent(input.sessionId)),
            headers,
            input.body,
          );
          expect(answer.status, `${method} ${path(input.sessionId)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            refused++;
            expect(answer.contentType).toMatch(/^application\/problem\+json|^text\/(html|plain)/);
            expect(counter.writes, `${method} ${path(input.sessionId)} ${answer.status}`).toBe(
              writesBefore,
            );
            expect(providerCalls(h)).toBe(callsBefore);
          } else {
            accepted++;
          }
        }),
        { numRuns },
      );
      // The generators reach past the guards: some requests are accepted, most are refused.
      expect(accepted).toBeGreaterThan(numRuns / 100);
      expect(refused).toBeGreaterThan(numRuns / 2);
    }, 240_000);
  });
}
