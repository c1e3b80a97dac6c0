// After tsup: the CommonJS declarations (.d.cts) import msw, which is ESM only. Under
// `module: node16` a CommonJS consumer then gets TS1479 ("the referenced file is an ECMAScript
// module and cannot be imported with 'require'"). Types need no `require`: mark these imports as
// type-only with `resolution-mode: import`, which TypeScript resolves the way an ESM import would.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const esmOnly = ["msw"];
const importLine = /^import (?:type )?(.+?) from '([^']+)';$/gm;

function* declarationFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (entry.name.endsWith(".d.cts")) yield path;
  }
}

let changed = 0;
for (const path of declarationFiles(new URL("../dist", import.meta.url).pathname)) {
  const before = readFileSync(path, "utf8");
  const after = before.replace(importLine, (line, bindings, from) => {
    const name = from.startsWith("@") ? from.split("/").slice(0, 2).join("/") : from.split("/")[0];
    if (!esmOnly.includes(name)) return line;
    changed += 1;
    return `import type ${bindings} from '${from}' with { 'resolution-mode': 'import' };`;
  });
  if (after !== before) writeFileSync(path, after);
}
console.log(
  `esm-only-types: ${changed} import(s) of ${esmOnly.join(", ")} marked resolution-mode import`,
);
