import { describe, expect, it } from "vitest";
import { copyData, createInMemoryStore } from "./in-memory-store.js";

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
