import type { SessionChange } from "@onair/core";
import { aLiveEvent } from "@onair/testing";
import { describe, expect, it } from "vitest";
import { decodeChange, encodeChange, maxNotifyPayloadBytes } from "./change-payload.js";

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe("change payload", () => {
  const small: SessionChange = { sessionId: "ses_1", version: 4, events: [aLiveEvent()] };

  it("carries a change that fits whole, and reads it back equal", () => {
    const payload = encodeChange(small);
    expect(decodeChange(payload)).toEqual(small);
  });

  it("drops the events of a change over the NOTIFY limit, counting bytes, not characters", () => {
    // 4000 "é" are 4000 characters but 8000 bytes: too large although the string looks short.
    const change: SessionChange = {
      sessionId: "ses_1",
      version: 5,
      events: [aLiveEvent({ data: { reason: "é".repeat(4_000) } })],
    };
    expect(JSON.stringify(change).length).toBeLessThan(maxNotifyPayloadBytes + 200);
    const payload = encodeChange(change);
    expect(bytes(payload)).toBeLessThanOrEqual(maxNotifyPayloadBytes);
    expect(decodeChange(payload)).toEqual({ sessionId: "ses_1", version: 5 });
  });

  it("keeps a change exactly at the limit whole", () => {
    const base = encodeChange({
      sessionId: "ses_1",
      version: 1,
      events: [aLiveEvent({ data: { reason: "" } })],
    });
    const pad = "x".repeat(maxNotifyPayloadBytes - bytes(base));
    const change = {
      sessionId: "ses_1",
      version: 1,
      events: [aLiveEvent({ data: { reason: pad } })],
    };
    const payload = encodeChange(change);
    expect(bytes(payload)).toBe(maxNotifyPayloadBytes);
    expect(decodeChange(payload)).toEqual(change);
    const over = { ...change, events: [aLiveEvent({ data: { reason: `${pad}x` } })] };
    expect(decodeChange(encodeChange(over))).toEqual({ sessionId: "ses_1", version: 1 });
  });

  it("R-DATA-1: never carries an email nor an admin id: only listed fields travel, and the payload says so", () => {
    const change: SessionChange = {
      sessionId: "ses_1",
      version: 2,
      events: [
        aLiveEvent({
          type: "participant-added",
          actor: { kind: "admin", id: "adm_4f9c2e" },
          data: { email: "ann@example.com", role: "speaker", personKey: "p_1" },
        }),
        aLiveEvent({ data: { nested: [{ email: "bob@example.com", keep: 1 }] } }),
        aLiveEvent({ data: { reason: "untouched" } }),
      ],
    };
    const payload = encodeChange(change);
    expect(payload).not.toContain("@");
    expect(payload).not.toContain("adm_4f9c2e");
    const notice = decodeChange(payload);
    expect(notice?.redacted).toBe(true);
    expect(notice?.events?.map((event) => event.data)).toEqual([
      { role: "speaker", personKey: "p_1" },
      {},
      { reason: "untouched" },
    ]);
    expect(notice?.events?.[0]?.actor).toEqual({ kind: "admin", id: "" });
    // The change given is left as it was.
    expect(change.events[0]?.data.email).toBe("ann@example.com");
    expect(change.events[0]?.actor).toEqual({ kind: "admin", id: "adm_4f9c2e" });
    // With nothing left out, nothing is marked.
    expect(decodeChange(encodeChange(small))).not.toHaveProperty("redacted");
  });

  it("reads anything else on the channel as null", () => {
    for (const junk of [
      "",
      "not json",
      "null",
      "[]",
      "{}",
      JSON.stringify({ sessionId: "", version: 1 }),
      JSON.stringify({ sessionId: "ses_1", version: "1" }),
      JSON.stringify({ sessionId: "ses_1", version: 1.5 }),
      JSON.stringify({ sessionId: "ses_1", version: 1, events: {} }),
      JSON.stringify({ sessionId: "ses_1", version: 1, events: [{ type: 1 }] }),
    ]) {
      expect(decodeChange(junk), junk).toBeNull();
    }
  });
});
