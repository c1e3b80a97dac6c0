// docs/rules.md is where every rule id resolves: each SPEC rule is stated there once, with the
// tests that prove it, and every id cited anywhere in the repository is one of those rules.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const rulesPath = join(root, "docs", "rules.md");
const rulesDoc = readFileSync(rulesPath, "utf8");

/** The SPEC's rule ids, restated here section by section: how many rules each prefix has. */
const specRules: Record<string, number> = {
  SES: 4, // 1. Sessions
  PERM: 6, // 2. Roles and permissions
  STAGE: 2, // 3. The stage
  LIFE: 8, // 4. Live lifecycle
  AUD: 2, // 5. Audience
  PRE: 7, // 6. Preflight
  SEC: 2, // 7. Security...
  DATA: 1, // ...and data
};
const specIds = Object.entries(specRules).flatMap(([prefix, count]) =>
  Array.from({ length: count }, (_, i) => `R-${prefix}-${i + 1}`),
);

const ruleId = /\bR-[A-Z]+-\d+\b/g;
const scanned = ["packages", "examples", "docs", "bench"];
const skipped = new Set(["node_modules", "dist", "coverage", ".turbo"]);
const textFile = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|json|ya?ml|html|css|sql)$/;

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (skipped.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else if (textFile.test(name)) yield path;
  }
}

/** Each rule's section of docs/rules.md: from its `### R-…` heading to the next heading. */
function sections(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of rulesDoc.split("\n")) {
    const heading = /^### (R-[A-Z]+-\d+)\b/.exec(line);
    if (heading) {
      current = [];
      const id = heading[1]!;
      if (found.has(id)) throw new Error(`${id} has two sections in docs/rules.md`);
      found.set(id, current);
    } else if (line.startsWith("#")) current = null;
    else current?.push(line);
  }
  return found;
}

/** The tests a section names: `- \`path\` — exact test name`. */
function proofsOf(lines: readonly string[]) {
  return lines.flatMap((line) => {
    const proof = /^- `([^`]+)` — (.+)$/.exec(line);
    return proof ? [{ file: proof[1]!, title: proof[2]! }] : [];
  });
}

describe("docs/rules.md", () => {
  const documented = sections();

  it("states every SPEC rule, once, and no rule the SPEC does not have", () => {
    expect([...documented.keys()].sort()).toEqual([...specIds].sort());
  });

  it("every rule id cited in packages/, examples/, docs/ and bench/ is a rule of docs/rules.md", () => {
    const unresolved: string[] = [];
    let citations = 0;
    for (const top of scanned) {
      for (const file of filesUnder(join(root, top))) {
        const text = readFileSync(file, "utf8");
        for (const [id] of text.matchAll(ruleId)) {
          citations++;
          if (!documented.has(id)) unresolved.push(`${relative(root, file)}: ${id}`);
        }
      }
    }
    expect(unresolved).toEqual([]);
    // The scan really read the sources (rule ids are cited by the hundred).
    expect(citations).toBeGreaterThan(100);
  });

  it("every rule says where it is enforced and names tests that exist, in the file given", () => {
    const problems: string[] = [];
    for (const [id, lines] of documented) {
      if (!lines.some((line) => line.startsWith("Enforced in: "))) {
        problems.push(`${id}: no "Enforced in:" line`);
      }
      const proofs = proofsOf(lines);
      if (proofs.length === 0) problems.push(`${id}: no test named under "Proved by:"`);
      for (const { file, title } of proofs) {
        const path = join(root, file);
        if (!existsSync(path)) {
          problems.push(`${id}: ${file} does not exist`);
          continue;
        }
        if (!title.includes(id)) problems.push(`${id}: "${title}" does not name ${id}`);
        // The whole name, between its quotes: a name cut short does not count.
        const source = readFileSync(path, "utf8");
        if (!['"', "'", "`"].some((quote) => source.includes(`${quote}${title}${quote}`))) {
          problems.push(`${id}: no test "${title}" in ${file}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("is linked from the README's documentation list", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("(docs/rules.md)");
  });
});
