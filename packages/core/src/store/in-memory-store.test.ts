import { describe, expect, it } from "vitest";
import { aSession } from "../../test/fixtures.js";
import { copyData, createInMemoryStore } from "./in-memory-store.js";
import { parseInstant } from "./store-inputs.js";

describe("copyData", () => {
  it("copies plain data deeply", () => {
    const value = { a: [1, { b: "x" }], c: null, d: { e: true } };
    const copied = copyData(value);
    expect(copied).toEqual(value);
    expect(copied.a).not.toBe(value.a);
    expect(copied.d).not.toBe(value.d);
  });

  it("keeps an own __proto__ key as data, never as the prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<
      string,
      unknown
    >;
    const copied = copyData(value);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect((copied as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(copied)).toEqual(["__proto__", "ok"]);
  });
});

describe("presence leases", () => {
  it("R-PERM-6: an expired lease is dropped when counting, so lost disconnects do not pile up", async () => {
    const store = createInMemoryStore();
    await store.touchPresence("s", "p1", "speaker", "c1", 0);
    await store.touchPresence("s", "p2", "attendee", "c2", 50_000);
    expect(await store.countPresence("s", 100_000, 60_000)).toEqual({
      moderators: 0,
      speakers: 0,
      audience: 1,
    });
    // A late renewal of the expired connection is a fresh lease, counted again.
    await store.touchPresence("s", "p1", "speaker", "c1", 100_000);
    expect(await store.countPresence("s", 100_000, 60_000)).toEqual({
      moderators: 0,
      speakers: 1,
      audience: 1,
    });
  });
});

describe("retention limit and pseudonyms (R-DATA-1)", () => {
  const event = (data: Record<string, unknown>) => ({
    sessionId: "s",
    type: "participant-added" as const,
    actor: { kind: "system" as const },
    at: "2001-01-01T00:00:00.000Z",
    reason: null,
    data,
  });

  it("reads only full ISO 8601 instants on days that exist", () => {
    expect(parseInstant("2026-01-01T10:00:00Z")).toBe(Date.parse("2026-01-01T10:00:00Z"));
    expect(parseInstant("2026-01-01T10:00+01:00")).toBe(Date.parse("2026-01-01T09:00:00Z"));
    expect(parseInstant("2024-02-29T00:00:00.123456789Z")).toBe(
      Date.parse("2024-02-29T00:00:00.123Z"),
    );
    for (const loose of ["9999", "2026-01-01", "2026-02-30T00:00Z", "2025-02-29T00:00Z", 42]) {
      expect(parseInstant(loose), String(loose)).toBeUndefined();
    }
  });

  it('refuses "9999" as a retention limit instead of purging every entry', async () => {
    const store = createInMemoryStore();
    await store.appendHistory("s", [event({ note: "kept" })]);
    await expect(store.purgeHistory("9999")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await store.history("s")).toHaveLength(1);
  });

  it("asks each email's pseudonym once, before deleting; a throwing function deletes nothing", async () => {
    const store = createInMemoryStore();
    const session = aSession({ id: "s" });
    await store.create(session, [
      event({ email: "a@example.com" }),
      event({ email: "a@example.com" }),
    ]);
    await expect(
      store.delete("s", () => {
        throw new Error("no key");
      }),
    ).rejects.toThrow("no key");
    expect(await store.get("s")).toEqual(session);
    const asked: string[] = [];
    await store.delete("s", (email) => {
      asked.push(email);
      return "anon";
    });
    expect(asked).toEqual(["a@example.com"]);
    expect((await store.history("s")).map((entry) => entry.data.email)).toEqual(["anon", "anon"]);
  });
});
