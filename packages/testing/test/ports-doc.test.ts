// docs/ports.md lists every check of the contract suites by its test name: a check added to a
// suite without its line in the guide fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const guide = read("../../../docs/ports.md");

/** The titles of the describe and it blocks of a suite (string literals only). */
function titles(source: string): string[] {
  return [...source.matchAll(/^\s+(?:describe|it)\((?:"([^"]*)"|'([^']*)')/gm)].map(
    (match) => match[1] ?? match[2] ?? "",
  );
}

describe("docs/ports.md", () => {
  for (const suite of ["store-contract.ts", "provider-contract.ts"]) {
    it(`names every check of ${suite}`, () => {
      const names = titles(read(`../src/${suite}`));
      expect(names.length).toBeGreaterThan(20);
      const lines = new Set(guide.split("\n").map((line) => line.replace(/^(?:- |### )/, "")));
      expect(names.filter((name) => !lines.has(name))).toEqual([]);
    });
  }
});
