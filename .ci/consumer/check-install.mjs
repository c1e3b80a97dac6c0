// After `npm install`: every package came from the registry or from one of our local tarballs
// (no git, no other host), and each @onair package is the packed copy.
// Usage (in the consumer project): node check-install.mjs <registry url>
import { readFileSync } from "node:fs";

const registry = new URL(process.argv[2] ?? "https://registry.npmjs.org/");
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const problems = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (path === "" || entry.link === true) continue;
  const resolved = entry.resolved;
  if (resolved === undefined) continue;
  const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  if (name.startsWith("@onair/")) {
    if (!resolved.startsWith("file:"))
      problems.push(`${path}: not the packed tarball (${resolved})`);
    continue;
  }
  const url = URL.canParse(resolved) ? new URL(resolved) : null;
  if (url === null || url.host !== registry.host) problems.push(`${path}: from ${resolved}`);
}
if (problems.length > 0) {
  console.error(
    `Packages from elsewhere than ${registry.host} or the tarballs:\n${problems.join("\n")}`,
  );
  process.exit(1);
}
console.log(`every package from ${registry.host} or a local tarball`);
