import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { isLiveError, LiveError } from "./errors.js";

// A second copy of the class, as when an app loads both the ESM and the CommonJS build of
// @onair/core (or two versions): same source, distinct class object.
async function aSecondCopyOfLiveError(): Promise<typeof LiveError> {
  const url = new URL("./errors.ts", import.meta.url);
  url.searchParams.set("copy", "second");
  const copy = (await import(/* @vite-ignore */ url.href)) as { LiveError: typeof LiveError };
  return copy.LiveError;
}

describe("LiveError across copies of @onair/core", () => {
  it("a second copy is a distinct class (the trap this guards against)", async () => {
    const OtherLiveError = await aSecondCopyOfLiveError();
    expect(OtherLiveError).not.toBe(LiveError);
    expect(Object.getPrototypeOf(new OtherLiveError("FORBIDDEN", "no"))).not.toBe(
      LiveError.prototype,
    );
  });

  it("isLiveError recognises an error made by another copy, with its code", async () => {
    const OtherLiveError = await aSecondCopyOfLiveError();
    const error = new OtherLiveError("FORBIDDEN", "not allowed");
    expect(isLiveError(error)).toBe(true);
    expect(isLiveError(error, "FORBIDDEN")).toBe(true);
    expect(isLiveError(error, "CONFLICT")).toBe(false);
  });

  it("instanceof works both ways between copies", async () => {
    const OtherLiveError = await aSecondCopyOfLiveError();
    expect(new OtherLiveError("CONFLICT", "x") instanceof LiveError).toBe(true);
    expect(new LiveError("CONFLICT", "x") instanceof OtherLiveError).toBe(true);
  });

  it("isLiveError refuses look-alikes: plain errors, objects with a code, other realms' values", () => {
    const lookAlike = Object.assign(new Error("x"), { name: "LiveError", code: "FORBIDDEN" });
    expect(isLiveError(lookAlike)).toBe(false);
    expect(isLiveError({ code: "FORBIDDEN", message: "x" })).toBe(false);
    expect(isLiveError(null)).toBe(false);
    expect(isLiveError("FORBIDDEN")).toBe(false);
    expect(lookAlike instanceof LiveError).toBe(false);
    expect(isLiveError(runInNewContext("new Error('x')"))).toBe(false);
  });

  it("a subclass keeps the ordinary prototype check", () => {
    class SpecificError extends LiveError {}
    expect(new SpecificError("FORBIDDEN", "x") instanceof SpecificError).toBe(true);
    expect(new LiveError("FORBIDDEN", "x") instanceof SpecificError).toBe(false);
    expect(new SpecificError("FORBIDDEN", "x") instanceof LiveError).toBe(true);
    expect(isLiveError(new SpecificError("FORBIDDEN", "x"), "FORBIDDEN")).toBe(true);
  });
});
