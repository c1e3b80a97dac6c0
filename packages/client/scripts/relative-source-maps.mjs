// After tsup: the CommonJS build with code splitting names its own intermediate file in its
// source maps by absolute path (a path of the build machine). Make every source relative to its
// map, as the other sources already are, so the published maps hold no machine's paths.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
let fixed = 0;
for (const name of readdirSync(dist)) {
  if (!name.endsWith(".map")) continue;
  const path = join(dist, name);
  const map = JSON.parse(readFileSync(path, "utf8"));
  let changed = false;
  map.sources = map.sources.map((source) => {
    if (!isAbsolute(source)) return source;
    changed = true;
    return relative(dirname(path), source).split("\\").join("/");
  });
  if (changed) {
    writeFileSync(path, JSON.stringify(map));
    fixed += 1;
  }
}
if (fixed > 0) console.log(`relative sources in ${fixed} source map(s)`);
