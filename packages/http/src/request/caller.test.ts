import { createHash } from "node:crypto";
import { LiveError } from "@onair/core";
import { describe, expect, it } from "vitest";
import type { LiveHttpRequest } from "../neutral.js";
import { resolveSettings } from "../options.js";
import { Call } from "./caller.js";

/** The code of the LiveError `run` throws (a configuration error is INVALID_INPUT). */
function thrownCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LiveError ? error.code : `not a LiveError: ${String(error)}`;
  }
  return undefined;
}

function callAs(email: string | null): Call {
  const request = { raw: null, remoteAddress: "203.0.113.7" } as unknown as LiveHttpRequest;
  return new Call(request, {
    identify: () => (email === null ? null : { email }),
    authorizeAdmin: () => false,
  });
}

const secret = new TextEncoder().encode("a host secret of at least 32 bytes, shared");
const otherSecret = new TextEncoder().encode("another host secret of at least 32 bytes");

describe("viewer keys", () => {
  it("R-SEC-2: are keyed hashes of the normalized email, stable across instances sharing the secret", async () => {
    const key = await callAs("Attendee@Example.com ").viewerKey(secret, "v_fallback");
    expect(key).toMatch(/^v_[0-9a-f]{32}$/);
    expect(await callAs("attendee@example.com").viewerKey(secret, "x")).toBe(key);
    expect(await callAs("other@example.com").viewerKey(secret, "x")).not.toBe(key);
    expect(await callAs("attendee@example.com").viewerKey(otherSecret, "x")).not.toBe(key);
  });

  it("R-SEC-2: cannot be reversed by hashing guessed emails", async () => {
    const key = await callAs("attendee@example.com").viewerKey(secret, "x");
    const plain = createHash("sha256").update("attendee@example.com").digest("hex").slice(0, 32);
    expect(key).not.toBe(`v_${plain}`);
    expect(key).not.toContain("attendee");
  });

  it("uses the connection's own key for anonymous viewers", async () => {
    expect(await callAs(null).viewerKey(secret, "v_conn_1")).toBe("v_conn_1");
  });

  it("takes the host's secret (at least 32 bytes), or a random one per process", () => {
    const shared = "s".repeat(32);
    expect(resolveSettings({ viewerKeySecret: shared }).viewerKeySecret).toEqual(
      new TextEncoder().encode(shared),
    );
    expect(thrownCode(() => resolveSettings({ viewerKeySecret: "short" }))).toBe("INVALID_INPUT");
    expect(thrownCode(() => resolveSettings({ sse: { maxStreams: 0 } }))).toBe("INVALID_INPUT");
    const first = resolveSettings().viewerKeySecret;
    expect(first.byteLength).toBe(32);
    expect(resolveSettings().viewerKeySecret).not.toEqual(first);
  });
});

describe("the caller, asked once per request", () => {
  const request = { raw: "raw", remoteAddress: "203.0.113.7" } as unknown as LiveHttpRequest;

  it("answers from a synchronous hook without a promise, asking the hook once", () => {
    let asked = 0;
    const call = new Call(request, {
      identify: () => {
        asked++;
        return { email: "Speaker@Example.com" };
      },
      authorizeAdmin: () => false,
    });
    expect(call.identity()).toEqual({ email: "Speaker@Example.com" });
    expect(call.requireIdentity()).toEqual({ email: "Speaker@Example.com" });
    expect(call.rateKey()).toBe("email:speaker@example.com");
    expect(call.audienceAllowed("ses_1")).toBe(true);
    expect(call.requireAudience("ses_1")).toBeUndefined();
    expect(asked).toBe(1);
  });

  it("waits for an asynchronous hook, asked once even when two checks wait together", async () => {
    let asked = 0;
    const call = new Call(request, {
      identify: async () => {
        asked++;
        return { email: "speaker@example.com" };
      },
      authorizeAdmin: () => false,
    });
    const [first, second] = [call.identity(), call.identity()];
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ email: "speaker@example.com" });
    expect(await second).toEqual({ email: "speaker@example.com" });
    expect(call.identity()).toEqual({ email: "speaker@example.com" });
    expect(await call.rateKey()).toBe("email:speaker@example.com");
    expect(asked).toBe(1);
  });

  it("refuses with the same codes whether the hooks are synchronous or not", async () => {
    for (const wrap of [<T>(value: T) => value, <T>(value: T) => Promise.resolve(value)]) {
      const anonymous = new Call(request, {
        identify: () => wrap(null),
        authorizeAdmin: () => wrap(false),
        authorizeAudience: () => wrap(false),
      });
      await expect(Promise.resolve().then(() => anonymous.requireIdentity())).rejects.toMatchObject(
        { code: "UNAUTHORIZED" },
      );
      await expect(
        Promise.resolve().then(() => anonymous.requireAudience("ses_1")),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      const attendee = new Call(request, {
        identify: () => wrap({ email: "a@example.com" }),
        authorizeAdmin: () => wrap(false),
        authorizeAudience: (_request, sessionId, raw) =>
          wrap(sessionId === "ses_open" && raw === "raw"),
      });
      await expect(
        Promise.resolve().then(() => attendee.requireAudience("ses_1")),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await attendee.requireAudience("ses_open")).toBeUndefined();
      await expect(attendee.requireAdmin()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
