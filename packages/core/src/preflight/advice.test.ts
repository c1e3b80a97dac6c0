import { describe, expect, it } from "vitest";
import { type Advice, adviceHelpUrl, localizeAdvice, resolveLocale } from "./advice.js";

const sample: readonly Advice[] = [
  { code: "first", text: { en: "One", fr: "Un" } },
  { code: "second", text: { en: "Two", fr: "Deux" } },
];

describe("advice localization", () => {
  it.each([
    ["fr", "fr"],
    ["fr-CA", "fr"],
    ["FR_be", "fr"],
    [" fr-FR ", "fr"],
    ["en", "en"],
    ["en-GB", "en"],
    ["de", "en"],
    ["french", "en"],
    ["", "en"],
    [null, "en"],
    [undefined, "en"],
  ] as const)("R-PRE-6: locale %o resolves to %s", (locale, expected) => {
    expect(resolveLocale(locale)).toBe(expected);
  });

  it("R-PRE-6: localizes every item, keeps codes and order, and falls back to English", () => {
    expect(localizeAdvice(sample, "fr-CA")).toEqual([
      { code: "first", message: "Un" },
      { code: "second", message: "Deux" },
    ]);
    expect(localizeAdvice(sample, "ja")).toEqual([
      { code: "first", message: "One" },
      { code: "second", message: "Two" },
    ]);
  });
});

describe("advice help links", () => {
  const single: Advice = {
    code: "one-link",
    text: { en: "One", fr: "Un" },
    helpUrl: "https://a.example/help",
  };
  const perBrowser: Advice = {
    code: "per-browser",
    text: { en: "Two", fr: "Deux" },
    helpUrl: { chrome: "https://c.example/help", safari: "https://s.example/help" },
  };
  const none: Advice = { code: "no-link", text: { en: "Three", fr: "Trois" } };

  it("R-PRE-2: a single link is given whatever the browser", () => {
    for (const browser of ["chrome", "firefox", "other", undefined, null]) {
      expect(adviceHelpUrl(single, browser)).toBe("https://a.example/help");
    }
  });

  it("R-PRE-2: a per-browser link is given only for its own browser", () => {
    expect(adviceHelpUrl(perBrowser, "chrome")).toBe("https://c.example/help");
    expect(adviceHelpUrl(perBrowser, "safari")).toBe("https://s.example/help");
    for (const browser of ["firefox", "edge", "other", "constructor", "__proto__", "", undefined]) {
      expect(adviceHelpUrl(perBrowser, browser)).toBeUndefined();
    }
    expect(adviceHelpUrl(none, "chrome")).toBeUndefined();
  });

  it("R-PRE-6: localizeAdvice adds the browser's link and leaves items without one as they were", () => {
    const localized = localizeAdvice([single, perBrowser, none], "fr", "chrome");
    expect(localized).toEqual([
      { code: "one-link", message: "Un", helpUrl: "https://a.example/help" },
      { code: "per-browser", message: "Deux", helpUrl: "https://c.example/help" },
      { code: "no-link", message: "Trois" },
    ]);
    expect(Object.keys(localized[2] ?? {})).toEqual(["code", "message"]);

    const unknownBrowser = localizeAdvice([single, perBrowser], "en");
    expect(unknownBrowser).toEqual([
      { code: "one-link", message: "One", helpUrl: "https://a.example/help" },
      { code: "per-browser", message: "Two" },
    ]);
    expect("helpUrl" in (unknownBrowser[1] ?? {})).toBe(false);
  });
});
