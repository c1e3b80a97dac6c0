// The README's first example is this folder's readme-example.ts, word for word, and it prints
// what its comments say.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const example = fileURLToPath(new URL("./readme-example.ts", import.meta.url));
const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));

describe("README example", () => {
  it("is the README's first example, verbatim", () => {
    expect(readFileSync(readme, "utf8")).toContain(readFileSync(example, "utf8"));
  });

  it("prints what its comments promise", async () => {
    const source = readFileSync(example, "utf8");
    const promised = [...source.matchAll(/^console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--conditions=@onair/source", example],
      { timeout: 30_000 },
    );
    expect(promised).toHaveLength(3);
    expect(stdout.trim().split("\n")).toEqual(promised);
  }, 40_000);
});
