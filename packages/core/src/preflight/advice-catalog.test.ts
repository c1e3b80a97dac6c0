import { describe, expect, it } from "vitest";
import type { Advice } from "./advice.js";
import * as catalog from "./advice-catalog.js";

function isAdvice(value: unknown): value is Advice {
  return typeof value === "object" && value !== null && "code" in value && "text" in value;
}

// Every item the catalogue can hand out, including the per-browser help and the bandwidth item.
const items: Advice[] = [
  ...Object.values(catalog).filter(isAdvice),
  ...Object.values(catalog.allowDevicesIn),
  catalog.goodConnectionNeeded(5),
];

describe("advice catalogue", () => {
  it("R-PRE-6: every item has a stable kebab-case code and both English and French text", () => {
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      expect(item.code).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      expect(item.text.en.trim().length).toBeGreaterThan(10);
      expect(item.text.fr.trim().length).toBeGreaterThan(10);
      expect(item.text.fr).not.toBe(item.text.en);
    }
  });

  it("R-PRE-6: one code means one item", () => {
    const codes = items.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("R-PRE-3: the bandwidth item keeps its code whatever the threshold, and names it", () => {
    const item = catalog.goodConnectionNeeded(7.5);
    expect(item.code).toBe("good-connection-needed");
    expect(item.text.en).toContain("7.5 Mbps");
    expect(item.text.fr).toContain("7,5 Mbit/s");
  });
});
