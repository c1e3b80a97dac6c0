// docs/ports.md lists every check of the contract suites under the id that starts its test title:
// a check added to a suite without an id, or without its line in the guide, fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const guide = read("../../../docs/ports.md");

/** The titles of the it blocks of a suite (string literals, possibly on the next line). */
function checkTitles(source: string): string[] {
  return [...source.matchAll(/^\s+it\(\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)/gm)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? "",
  );
}

describe("docs/ports.md", () => {
  for (const suite of ["store-contract.ts", "provider-contract.ts"]) {
    it(`names every check of ${suite} by its rule id`, () => {
      const titles = checkTitles(read(`../src/${suite}`));
      expect(titles.length).toBeGreaterThan(20);
      const ids = titles.map((title) => /^([A-Z]+(?:-[A-Z]+)+-\d+)[ :]/.exec(title)?.[1]);
      expect(titles.filter((_, index) => ids[index] === undefined)).toEqual([]);
      expect(ids.filter((id) => !new RegExp(`\\|\\s*${id}\\s*\\|`).test(guide))).toEqual([]);
    });
  }
});
