import { LiveError, LiveErrorCode } from "@onair/core";
import { describe, expect, it } from "vitest";
import { HttpProblem } from "./http-problem.js";
import { toProblem } from "./problem-details.js";
import { problemTable } from "./problem-status.js";

const en = { locale: "en", typeBase: "urn:onair:problem:" };
const fr = { locale: "fr", typeBase: "urn:onair:problem:" };

const advice = [
  { code: "same-email", text: { en: "Use the same email.", fr: "Utilisez le même email." } },
  { code: "clear-cache", text: { en: "Clear the cache.", fr: "Videz le cache." } },
];

describe("problem details", () => {
  it("maps every LiveErrorCode to an error status", () => {
    for (const code of Object.values(LiveErrorCode)) {
      const { document } = toProblem(new LiveError(code, "x"), en);
      expect(document.status, code).toBeGreaterThanOrEqual(400);
      expect(document.status, code).toBe(problemTable[code].status);
      expect(document.code).toBe(code);
    }
  });

  it("carries code, title, status, detail and a type URI named after the code", () => {
    const { document } = toProblem(
      new LiveError("SESSION_NOT_FOUND", "This session does not exist."),
      en,
    );
    expect(document).toEqual({
      type: "urn:onair:problem:session-not-found",
      code: "SESSION_NOT_FOUND",
      title: "Session not found",
      status: 404,
      detail: "This session does not exist.",
      retriable: false,
    });
  });

  it("R-PERM-2: localizes advice in order, by the request's language", () => {
    const error = new LiveError("NOT_A_PARTICIPANT", "Not a participant.", { advice });
    expect(toProblem(error, en).document.advice).toEqual([
      { code: "same-email", message: "Use the same email." },
      { code: "clear-cache", message: "Clear the cache." },
    ]);
    expect(toProblem(error, fr).document.advice?.[0]).toEqual({
      code: "same-email",
      message: "Utilisez le même email.",
    });
  });

  it("keeps input issues and the retry delay", () => {
    const problem = toProblem(
      new LiveError("RATE_LIMITED", "Slow down.", { retriable: true, retryAfterSeconds: 7 }),
      en,
    );
    expect(problem.retryAfterSeconds).toBe(7);
    expect(problem.document).toMatchObject({ status: 429, retriable: true });
    const invalid = toProblem(
      new LiveError("INVALID_INPUT", "Bad.", { issues: [{ path: "title", message: "Required" }] }),
      en,
    );
    expect(invalid.document.issues).toEqual([{ path: "title", message: "Required" }]);
  });

  it("R-SEC-2: never echoes an unknown error's message, and asks for it to be logged", () => {
    const problem = toProblem(new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2"), en);
    expect(problem.document).toMatchObject({ status: 500, code: "INTERNAL_ERROR" });
    expect(JSON.stringify(problem.document)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.7/);
    expect(problem.shouldLog).toBe(true);
  });

  it("R-SEC-2: replaces the message of server-side LiveErrors with a generic detail", () => {
    const problem = toProblem(
      new LiveError("PROVIDER_FAILED", "Vonage 500 at https://api/x?key=abc"),
      en,
    );
    expect(problem.document.status).toBe(502);
    expect(problem.document.detail).not.toContain("key=abc");
    expect(problem.shouldLog).toBe(true);
    expect(
      toProblem(new LiveError("FORBIDDEN", "Only a moderator can start the live."), en).shouldLog,
    ).toBe(false);
  });

  it("maps body-parser failures to client errors", () => {
    const failure = (type: string) => Object.assign(new Error("raw"), { type, status: 400 });
    expect(toProblem(failure("entity.too.large"), en).document.status).toBe(413);
    expect(toProblem(failure("entity.parse.failed"), en).document.status).toBe(400);
    expect(toProblem(failure("charset.unsupported"), en).document.status).toBe(415);
    expect(toProblem(failure("encoding.unsupported"), en).document.status).toBe(415);
    expect(toProblem(failure("something.else"), en).document.status).toBe(500);
  });

  it("R-SEC-2: maps Express's client errors (a malformed percent-encoded path) to 400, unlogged", () => {
    const decoding = Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), {
      status: 400,
    });
    const problem = toProblem(decoding, en);
    expect(problem.document).toMatchObject({ status: 400, code: "INVALID_INPUT" });
    expect(problem.document.detail).not.toContain("%E0");
    expect(problem.shouldLog).toBe(false);
    const exposed = Object.assign(new Error("raw"), { statusCode: 400, expose: true });
    expect(toProblem(exposed, en).document).toMatchObject({ status: 400, code: "INVALID_INPUT" });
    expect(toProblem(exposed, en).document.detail).not.toBe("raw");
    // A status on an error of another library does not make it the client's fault.
    const upstream = Object.assign(new Error("upstream said 404"), { status: 404 });
    expect(toProblem(upstream, en)).toMatchObject({ document: { status: 500 }, shouldLog: true });
    const server = Object.assign(new URIError("x"), { status: 500 });
    expect(toProblem(server, en).document.status).toBe(500);
  });

  it("R-SEC-2: bounds input issues: at most 10, each path and message at most 100 characters", () => {
    const longKey = "k".repeat(5_000);
    const issues = Array.from({ length: 2_000 }, (_, i) => ({
      path: `${longKey}${i}`,
      message: `Unknown field ${longKey}.`,
    }));
    const { document } = toProblem(new LiveError("INVALID_INPUT", "Bad.", { issues }), en);
    expect(document.issues).toHaveLength(10);
    for (const issue of document.issues ?? []) {
      expect(issue.path.length).toBeLessThanOrEqual(100);
      expect(issue.message.length).toBeLessThanOrEqual(100);
    }
    expect(JSON.stringify(document).length).toBeLessThan(3_000);
  });

  it("maps the HTTP layer's own problems", () => {
    expect(
      toProblem(new HttpProblem("UNSUPPORTED_MEDIA_TYPE", "JSON only."), en).document,
    ).toMatchObject({
      status: 415,
      detail: "JSON only.",
    });
    expect(toProblem(new HttpProblem("LENGTH_REQUIRED", "Length."), en).document.status).toBe(411);
    const unavailable = toProblem(
      new HttpProblem("SERVICE_UNAVAILABLE", "Closing.", { retriable: true, retryAfterSeconds: 5 }),
      en,
    );
    expect(unavailable.document).toMatchObject({ status: 503, retriable: true });
    expect(unavailable.retryAfterSeconds).toBe(5);
    expect(unavailable.shouldLog).toBe(false);
  });
});
