import { LiveError } from "@onair/core";
import { describe, expect, it } from "vitest";
import { expectLiveError } from "../src/index.js";

describe("expectLiveError (no test runner inside, so the main entry loads without vitest)", () => {
  it("returns the LiveError when the call rejects with the expected code", async () => {
    const error = new LiveError("FORBIDDEN", "not yours");
    await expect(expectLiveError(Promise.reject(error), "FORBIDDEN")).resolves.toBe(error);
    await expect(
      expectLiveError(() => {
        throw error;
      }, "FORBIDDEN"),
    ).resolves.toBe(error);
  });

  it("fails when the call succeeds", async () => {
    await expect(expectLiveError(Promise.resolve(1), "FORBIDDEN")).rejects.toThrow(
      "Expected a LiveError FORBIDDEN, but the call succeeded.",
    );
  });

  it("fails, naming both codes, when the code differs", async () => {
    const failure = expectLiveError(
      Promise.reject(new LiveError("CONFLICT", "stale")),
      "FORBIDDEN",
    );
    await expect(failure).rejects.toThrow("Expected a LiveError FORBIDDEN, got CONFLICT: stale");
    await expect(failure).rejects.toMatchObject({ name: "AssertionError" });
  });

  it("fails when the rejection is not a LiveError", async () => {
    await expect(
      expectLiveError(Promise.reject(new TypeError("boom")), "FORBIDDEN"),
    ).rejects.toThrow("Expected a LiveError FORBIDDEN, got TypeError: boom");
  });
});
