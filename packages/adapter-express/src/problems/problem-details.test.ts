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

  it("maps the HTTP layer's own problems", () => {
    expect(
      toProblem(new HttpProblem("UNSUPPORTED_MEDIA_TYPE", "JSON only."), en).document,
    ).toMatchObject({
      status: 415,
      detail: "JSON only.",
    });
    expect(toProblem(new HttpProblem("LENGTH_REQUIRED", "Length."), en).document.status).toBe(411);
  });
});
