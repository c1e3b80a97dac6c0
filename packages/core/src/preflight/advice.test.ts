import { describe, expect, it } from "vitest";
import { type Advice, localizeAdvice, resolveLocale } from "./advice.js";

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
