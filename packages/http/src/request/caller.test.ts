import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LiveHttpRequest } from "../neutral.js";
import { resolveSettings } from "../options.js";
import { Call } from "./caller.js";

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
    expect(() => resolveSettings({ viewerKeySecret: "short" })).toThrow(RangeError);
    const first = resolveSettings().viewerKeySecret;
    expect(first.byteLength).toBe(32);
    expect(resolveSettings().viewerKeySecret).not.toEqual(first);
  });
});
