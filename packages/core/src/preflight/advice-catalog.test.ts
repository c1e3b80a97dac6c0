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

  it("R-PRE-2: each browser's device item links to that browser's own help page", () => {
    const hosts = {
      chrome: "support.google.com",
      firefox: "support.mozilla.org",
      edge: "support.microsoft.com",
      safari: "support.apple.com",
    } as const;
    for (const [browser, host] of Object.entries(hosts)) {
      const item = catalog.allowDevicesIn[browser as keyof typeof hosts];
      expect(typeof item.helpUrl).toBe("string");
      const url = new URL(String(item.helpUrl));
      expect(url.protocol).toBe("https:");
      expect(url.hostname).toBe(host);
      expect(catalog.deviceHelpUrls[browser as keyof typeof hosts]).toBe(item.helpUrl);
    }
  });

  it("R-PRE-2: the troubleshooting camera item links per browser, to the same pages", () => {
    expect(catalog.allowCameraAndAudio.helpUrl).toEqual(catalog.deviceHelpUrls);
  });

  it("every link is an HTTPS address, and most items have none", () => {
    const linked = items.filter((item) => item.helpUrl !== undefined);
    expect(linked.map((item) => item.code).sort()).toEqual([
      "allow-camera-and-audio",
      "allow-devices-in-chrome",
      "allow-devices-in-edge",
      "allow-devices-in-firefox",
      "allow-devices-in-safari",
    ]);
    for (const item of linked) {
      const urls =
        typeof item.helpUrl === "string" ? [item.helpUrl] : Object.values(item.helpUrl ?? {});
      for (const url of urls) expect(new URL(url).protocol).toBe("https:");
    }
  });
});
