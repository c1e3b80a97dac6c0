import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LiveError } from "../errors.js";
import { parseInput } from "./input.js";
import {
  createSessionInputSchema,
  participantInputSchema,
  updateSessionInputSchema,
} from "./schemas.js";

function failure(run: () => unknown): LiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof LiveError) return error;
    throw new Error(`expected a LiveError, got ${String(error)}`);
  }
  throw new Error("expected a LiveError");
}

const validSession = {
  title: "  Opening keynote ",
  startsAt: "2025-06-01T09:00:00Z",
  endsAt: "2025-06-01T10:00:00Z",
  timeZone: "Europe/Paris",
};

describe("parseInput", () => {
  it("returns the parsed output, with defaults and trimming", () => {
    expect(parseInput(createSessionInputSchema, validSession)).toEqual({
      title: "Opening keynote",
      description: "",
      room: "",
      startsAt: "2025-06-01T09:00:00Z",
      endsAt: "2025-06-01T10:00:00Z",
      timeZone: "Europe/Paris",
      streamType: "live",
      participants: [],
    });
  });

  it("names the nested field that failed, in the issues and the message", () => {
    const error = failure(() =>
      parseInput(createSessionInputSchema, {
        ...validSession,
        participants: [{ email: 42, role: "moderator" }],
      }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues).toEqual([{ path: "participants.0.email", message: "Expected string." }]);
    expect(error.message).toContain("participants.0.email");
  });

  it("reports every failing field, and tells missing from wrong", () => {
    const error = failure(() =>
      parseInput(createSessionInputSchema, { title: "", startsAt: "tomorrow", streamType: "tv" }),
    );
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
    expect(byPath).toEqual({
      title: "Must not be empty.",
      startsAt: expect.stringContaining("ISO 8601"),
      endsAt: "Required.",
      timeZone: "Required.",
      streamType: 'Expected one of: "live", "video", "external", "none".',
    });
    for (const path of Object.keys(byPath)) expect(error.message).toContain(path);
  });

  it("refuses unknown fields one by one", () => {
    const error = failure(() =>
      parseInput(participantInputSchema, { email: "a@b.fr", role: "speaker", admin: true, x: 1 }),
    );
    expect(error.issues).toEqual([
      { path: "admin", message: "Unknown field." },
      { path: "x", message: "Unknown field." },
    ]);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["an array", [validSession]],
    ["a number", 12],
    ["a string", JSON.stringify(validSession)],
    ["a function", () => validSession],
    ["a symbol", Symbol("s")],
    ["a bigint", 10n],
  ])("refuses %s at the root with INVALID_INPUT", (_why, input) => {
    const error = failure(() => parseInput(createSessionInputSchema, input));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.length).toBeGreaterThan(0);
  });

  it("never repeats a value it received", () => {
    const secret = `secret-${"x".repeat(1_000_000)}`;
    const error = failure(() =>
      parseInput(createSessionInputSchema, {
        ...validSession,
        title: secret,
        participants: [{ email: `${secret}@example.com`, role: secret }],
      }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "title",
      "participants.0.email",
      "participants.0.role",
    ]);
    expect(JSON.stringify(error.toJSON())).not.toContain("secret");
    expect(error.message.length).toBeLessThan(200);
  });

  it("shortens huge unknown keys and caps the number of issues", () => {
    const input: Record<string, unknown> = { [`k${"y".repeat(10_000)}`]: 1 };
    for (let i = 0; i < 1000; i++) input[`extra${i}`] = i;
    const error = failure(() => parseInput(participantInputSchema, input));
    expect(error.issues).toHaveLength(20);
    for (const issue of error.issues) expect(issue.path.length).toBeLessThanOrEqual(65);
  });

  it("turns getters and proxies that throw into INVALID_INPUT", () => {
    const getter = Object.defineProperty({ ...validSession }, "title", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new TypeError("no get");
        },
        ownKeys() {
          throw new TypeError("no keys");
        },
        getPrototypeOf() {
          throw new TypeError("no prototype");
        },
      },
    );
    for (const input of [getter, hostile]) {
      const error = failure(() => parseInput(createSessionInputSchema, input));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.message).not.toContain("boom");
    }
  });

  it("refuses prototype-pollution keys and pollutes nothing", () => {
    const inputs = [
      JSON.parse('{"email":"a@b.fr","role":"speaker","__proto__":{"polluted":true}}'),
      JSON.parse(
        '{"email":"a@b.fr","role":"speaker","constructor":{"prototype":{"polluted":true}}}',
      ),
      JSON.parse('{"participants":[{"email":"a@b.fr","role":"speaker","__proto__":{"role":"x"}}]}'),
    ];
    expect(failure(() => parseInput(participantInputSchema, inputs[0])).issues).toEqual([
      { path: "__proto__", message: "Unknown field." },
    ]);
    expect(failure(() => parseInput(participantInputSchema, inputs[1])).code).toBe("INVALID_INPUT");
    expect(failure(() => parseInput(updateSessionInputSchema, inputs[2])).issues).toEqual([
      { path: "participants.0.__proto__", message: "Unknown field." },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts an object without prototype", () => {
    const input = Object.assign(Object.create(null), { email: "a@b.fr", role: "speaker" });
    expect(parseInput(participantInputSchema, input)).toEqual({ email: "a@b.fr", role: "speaker" });
  });

  it("throws nothing but LiveError INVALID_INPUT, whatever the input", () => {
    const nearlyValid = fc.record(
      {
        title: fc.oneof(fc.string(), fc.anything()),
        startsAt: fc.oneof(fc.constant("2025-06-01T09:00:00Z"), fc.anything()),
        endsAt: fc.oneof(fc.constant("2025-06-01T10:00:00Z"), fc.string()),
        timeZone: fc.oneof(fc.constant("UTC"), fc.anything()),
        participants: fc.array(
          fc.record({ email: fc.oneof(fc.emailAddress(), fc.anything()), role: fc.string() }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ withObjectString: true, withNullPrototype: true }), nearlyValid),
        (input) => {
          try {
            parseInput(createSessionInputSchema, input);
          } catch (error) {
            expect(error).toBeInstanceOf(LiveError);
            expect((error as LiveError).code).toBe("INVALID_INPUT");
            expect((error as LiveError).issues.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
