// Runs every benchmark (bench/*.bench.ts), each in its own process so that one cannot warm up or
// slow down another. Each prints its own table of figures, with ratios against a baseline that
// it measures in the same run. `pnpm bench token` runs only the files whose name contains "token".
// `pnpm bench --help` lists the benchmarks and their options and runs nothing.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const all = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .sort();

/** The usage: every benchmark with the first line of its header comment, and the options it reads. */
function usage(): string {
  const lines = [
    "Usage: pnpm bench [--help] [part-of-name ...]",
    "",
    "Runs every benchmark, each in its own process, or those whose file name contains one of the",
    "given parts (e.g. `pnpm bench sse`). Each prints its figures with ratios against a baseline",
    "measured in the same run.",
    "",
    "Benchmarks:",
  ];
  const options = new Map<string, string[]>();
  for (const file of all) {
    const name = file.replace(/\.bench\.ts$/, "");
    const text = readFileSync(join(here, file), "utf8");
    const header = (/^(?:\/\/.*\n)+/m.exec(text)?.[0] ?? "")
      .replace(/^\/\/ ?/gm, "")
      .replace(/\s+/g, " ");
    const sentence = /^.*?[.;](?=\s|$)/.exec(header)?.[0] ?? header;
    const summary = sentence.length > 96 ? `${sentence.slice(0, 95).trimEnd()}…` : sentence;
    lines.push(`  ${name.padEnd(16)} ${summary}`);
    for (const [, variable] of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) {
      if (variable === undefined) continue;
      options.set(variable, [...new Set([...(options.get(variable) ?? []), name])]);
    }
  }
  lines.push("", "Options (environment variables):");
  for (const [variable, names] of [...options].sort()) {
    lines.push(`  ${variable.padEnd(20)} read by ${names.join(", ")}`);
  }
  return lines.join("\n");
}

if (args.includes("--help") || args.includes("-h")) {
  console.log(usage());
  process.exit(0);
}
const unknown = args.filter((arg) => arg.startsWith("-"));
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(", ")}.\n\n${usage()}`);
  process.exit(2);
}
const filters = args;
const files = all.filter(
  (name) => filters.length === 0 || filters.some((filter) => name.includes(filter)),
);

let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, "")}\n`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@onair/source", join(here, file)],
    { stdio: "inherit" },
  );
  if (result.status !== 0) failed++;
}
if (files.length === 0) console.log(`No benchmark matched.\n\n${usage()}`);
process.exitCode = failed === 0 ? 0 : 1;
