// `pnpm run docs` (`pnpm docs` is a pnpm command of its own): the API reference, generated from
// the sources with TypeDoc into docs/api-reference/ (git-ignored). The entry points are read from
// every package's exports map (the `@onair/source` target of each public entry), so a new package
// or entry is documented without editing this file; each module is named as it is imported
// (`@onair/core/browser`).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Application } from "typedoc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "api-reference");

/** Every public entry of every published package: its import specifier and its source file. */
function publicEntries() {
  const entries = [];
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    if (manifest.private === true) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === "object" && target !== null ? target["@onair/source"] : null;
      if (typeof source !== "string") continue;
      entries.push({
        specifier: subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
        path: join(root, "packages", dir, source),
      });
    }
  }
  return entries;
}

const entries = publicEntries();
const app = await Application.bootstrapWithPlugins({
  name: "onair API reference",
  entryPoints: entries.map((entry) => entry.path),
  entryPointStrategy: "resolve",
  tsconfig: join(root, "tsconfig.json"),
  out,
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  gitRevision: "main",
  sourceLinkTemplate: "https://github.com/onair-live/onair/blob/{gitRevision}/{path}#L{line}",
  validation: { notExported: false, invalidLink: true, notDocumented: false },
});
const project = await app.convert();
if (project === undefined) {
  console.error("TypeDoc could not convert the sources.");
  process.exit(1);
}

// TypeDoc names each entry module after its path; name it after its import specifier instead.
const bySource = new Map(entries.map((entry) => [entry.path, entry.specifier]));
const unnamed = new Set(bySource.values());
for (const module of project.children ?? []) {
  const file = module.sources?.[0]?.fullFileName;
  const specifier = file === undefined ? undefined : bySource.get(file.split("/").join(sep));
  if (specifier === undefined) continue;
  module.name = specifier;
  unnamed.delete(specifier);
}
if (unnamed.size > 0) {
  const names = (project.children ?? []).map((module) => module.name).join(", ");
  console.error(`Entries without their module: ${[...unnamed].join(", ")} (modules: ${names})`);
  process.exit(1);
}
project.children?.sort((a, b) => a.name.localeCompare(b.name));

await app.generateDocs(project, out);
if (app.logger.hasErrors()) process.exit(1);
console.log(`API reference of ${entries.length} entries in ${relative(root, out)}/index.html`);
