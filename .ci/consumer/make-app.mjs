// Writes the consumer project's package.json: every packed tarball as a dependency, plus the tools
// an application would add, at the versions the workspace itself uses.
// Usage: node make-app.mjs <workspace root> <tarball folder> <app folder>
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [root, tarballs, app] = process.argv.slice(2);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

const dependencies = {};
const overrides = {};
for (const dir of readdirSync(join(root, "packages"))) {
  const manifest = readJson(join(root, "packages", dir, "package.json"));
  if (manifest.private === true) continue;
  const tarball = `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;
  dependencies[manifest.name] = `file:${join(tarballs, tarball)}`;
  // Every package depending on another one of ours gets the packed copy, never the registry's.
  overrides[manifest.name] = `$${manifest.name}`;
}

/** The version range the workspace uses for a tool (root or any package's devDependencies). */
function workspaceRange(name) {
  const manifests = [join(root, "package.json")].concat(
    readdirSync(join(root, "packages")).map((dir) => join(root, "packages", dir, "package.json")),
  );
  for (const path of manifests) {
    const manifest = readJson(path);
    const range = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name];
    if (range !== undefined && !range.startsWith("workspace:")) return range;
  }
  throw new Error(`No version of ${name} in the workspace`);
}

const tools = [
  "typescript",
  "tsx",
  "vitest",
  "@types/node",
  "@types/express",
  "express",
  "msw",
  "@types/react",
];
const devDependencies = Object.fromEntries(tools.map((name) => [name, workspaceRange(name)]));

const manifest = {
  name: "onair-consumer",
  private: true,
  type: "module",
  dependencies,
  devDependencies,
  overrides,
};
writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(JSON.stringify({ dependencies: Object.keys(dependencies), devDependencies }, null, 2));
