// Runs every benchmark (bench/*.bench.ts), each in its own process so that one cannot warm up or
// slow down another. Each prints its own table of figures, with ratios against a baseline that
// it measures in the same run. `pnpm bench token` runs only the files whose name contains "token".
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

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
if (files.length === 0) console.log("No benchmark matched.");
process.exitCode = failed === 0 ? 0 : 1;
