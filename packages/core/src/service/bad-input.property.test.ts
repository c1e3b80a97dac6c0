// Whatever a caller sends, the service answers with a LiveError or a result, and a refused
// command leaves nothing behind: no version bump, no history entry, no provider call.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aSession } from "../../test/fixtures.js";
import { harness } from "../../test/service-harness.js";
import { LiveError } from "../errors.js";

const anything = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.record(
    {
      title: fc.oneof(fc.string(), fc.integer()),
      startsAt: fc.oneof(
        fc.string(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      endsAt: fc.oneof(
        fc.string(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      timeZone: fc.constantFrom("Europe/Paris", "Mars/Olympus", "", "UTC"),
      streamType: fc.constantFrom("live", "video", "bogus"),
      participants: fc.array(
        fc.record({
          email: fc.oneof(fc.emailAddress(), fc.string()),
          role: fc.constantFrom("moderator", "speaker", "admin"),
        }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), fc.string(), fc.constant("mod@example.com")),
      role: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      streamIds: fc.array(fc.string(), { maxLength: 20 }),
      layout: fc.string(),
      focusStreamId: fc.oneof(fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);
const identity = fc.oneof(
  fc.record({
    email: fc.oneof(
      fc.string(),
      fc.emailAddress(),
      fc.constantFrom("mod@example.com", "speaker@example.com", "ｍod@example.com"),
    ),
  }),
);

const operations = [
  "createSession",
  "updateSession",
  "addParticipant",
  "removeParticipant",
  "setStage",
  "validateContent",
  "join",
  "startLive",
  "presence",
] as const;

describe("bad input", () => {
  it("never throws anything but LiveError and never leaves a partial write", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        anything,
        identity,
        fc.uint8Array({ maxLength: 80 }),
        fc.integer({ min: -10, max: 2 ** 40 }),
        fc.constantFrom("ses-1", "nope", "", "../ses-1"),
        async (operation, input, who, bytes, size, sessionId) => {
          const h = harness();
          await h.seed(aSession({ live: { roomId: null } }));
          const before = await h.service.getSession("ses-1");
          const historyBefore = (await h.service.history("ses-1")).length;
          const service = h.service as unknown as Record<
            string,
            (...args: unknown[]) => Promise<unknown>
          >;
          const call = (): Promise<unknown> => {
            switch (operation) {
              case "createSession":
                return h.service.createSession(input as never);
              case "updateSession":
              case "addParticipant":
              case "removeParticipant":
                return service[operation]!(sessionId, input);
              case "setStage":
                return h.service.setStage(sessionId, who, input as never);
              case "validateContent":
                return h.service.validateContent(sessionId, who, { headBytes: bytes, size });
              case "join":
              case "startLive":
              case "presence":
                return service[operation]!(sessionId, who);
            }
          };
          try {
            await call();
          } catch (error) {
            expect(error).toBeInstanceOf(LiveError);
            const after = await h.service.getSession("ses-1");
            expect(after).toEqual(before);
            expect((await h.service.history("ses-1")).length).toBe(historyBefore);
            const stateChanging = h.fake.calls.filter(
              (c) => c.method !== "createRoom" && c.method !== "issueToken",
            );
            expect(stateChanging).toEqual([]);
          }
        },
      ),
      { numRuns: 3_000 },
    );
  }, 120_000);
});
