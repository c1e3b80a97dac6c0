import { describe, expect, it } from "vitest";
import { copyData } from "./in-memory-store.js";

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
