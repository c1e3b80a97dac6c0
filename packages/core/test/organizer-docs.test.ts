// The organisers' checklists (docs/organisers/checklist.en.md and .fr.md) carry the product's own
// advice texts, word for word: a text changed in the catalogue without the guide fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { organizerRecommendations, troubleshootingItems } from "../src/index.js";

const page = (name: string) =>
  readFileSync(new URL(`../../../docs/${name}`, import.meta.url), "utf8");
const checklist = (text: string) =>
  new Set([...text.matchAll(/^- \[ \] (.*)$/gm)].map((match) => match[1]));

describe("organisers' checklists", () => {
  for (const [locale, name] of [
    ["en", "organisers/checklist.en.md"],
    ["fr", "organisers/checklist.fr.md"],
  ] as const) {
    it(`${name} lists every organiser recommendation and troubleshooting item (${locale})`, () => {
      const items = checklist(page(name));
      const missing = [...organizerRecommendations, ...troubleshootingItems]
        .map((advice) => advice.text[locale])
        .filter((text) => !items.has(text));
      expect(missing).toEqual([]);
    });
  }
});
