// Part of `pnpm check`: every ```ts block of README.md, the packages' READMEs and docs/ compiles.
// Each block is written to a temporary folder as its own module and type-checked against the
// workspace: `@onair/*` resolve to the packages' sources (the `@onair/source` condition), and the
// third-party packages to the ones the workspace installed. A block that is intentionally partial
// is marked ```ts nocheck and skipped; a block marked ```ts continues is checked after the previous
// block of its page (a guide's set-up, then its steps). Names a snippet takes from its surroundings (`service`,
// `provider`, `app`, your platform's `currentUser`) are declared, with their real types, in
// scripts/doc-blocks-context.d.ts. Errors are reported at their line in the Markdown file.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** README.md, every package's README and every Markdown file under docs/ (not the generated API). */
function markdownFiles() {
  const files = ["README.md"];
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    if (existsSync(join(root, "packages", dir, "README.md")))
      files.push(`packages/${dir}/README.md`);
  }
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && path !== "docs/api-reference") walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk("docs");
  return files;
}

/** Every `.d.ts` file under a package's src/, as an absolute path. */
function ambientDeclarations() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".d.ts")) found.push(path);
    }
  };
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    if (existsSync(join(root, "packages", dir, "src"))) walk(join(root, "packages", dir, "src"));
  }
  return found;
}

/** The ```ts blocks of a file, with the Markdown line of their first code line. */
function tsBlocks(file) {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const blocks = [];
  let open = null;
  lines.forEach((line, index) => {
    if (open === null) {
      const fence = /^```ts(?:\s+(.*))?$/.exec(line);
      if (fence) open = { start: index + 2, info: fence[1] ?? "", code: [] };
    } else if (line === "```") {
      blocks.push({ ...open, code: open.code.join("\n") });
      open = null;
    } else open.code.push(line);
  });
  return blocks;
}

// A node_modules that resolves like the workspace: our packages, and every dependency they declare.
const work = mkdtempSync(join(tmpdir(), "onair-doc-blocks-"));
try {
  const modules = join(work, "node_modules");
  const link = (name, target) => {
    const path = join(modules, name);
    if (existsSync(path)) return;
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, "dir");
  };
  const workspaceDirs = [
    "",
    ...readdirSync(join(root, "packages")).map((dir) => `packages/${dir}`),
  ];
  for (const dir of workspaceDirs) {
    const manifest = readJson(join(root, dir, "package.json"));
    if (dir !== "") link(manifest.name, join(root, dir));
  }
  for (const dir of workspaceDirs) {
    const manifest = readJson(join(root, dir, "package.json"));
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    for (const name of names) {
      const installed = join(root, dir, "node_modules", name);
      if (!name.startsWith("@onair/") && existsSync(installed)) link(name, realpathSync(installed));
    }
  }

  const files = [];
  const origin = new Map();
  let skipped = 0;
  for (const file of markdownFiles()) {
    let previous = null;
    tsBlocks(file).forEach((block, index) => {
      if (/\bnocheck\b/.test(block.info)) {
        skipped += 1;
        return;
      }
      // ```ts continues: the block goes on from the previous checked block of the same page.
      const before = /\bcontinues\b/.test(block.info) && previous !== null ? previous : null;
      const code = before === null ? block.code : `${before.code}\n${block.code}`;
      const offset = before === null ? 0 : before.code.split("\n").length;
      const name = `${file.replace(/[/.]/g, "_")}_${index + 1}.ts`;
      const isModule = /^\s*(import|export)\s/m.test(code);
      writeFileSync(join(work, name), `${code}\n${isModule ? "" : "export {};\n"}`);
      files.push(name);
      origin.set(name, { file, start: block.start, offset });
      previous = { code };
    });
  }
  copyFileSync(join(root, "scripts", "doc-blocks-context.d.ts"), join(work, "context.d.ts"));
  writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      customConditions: ["@onair/source"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      allowImportingTsExtensions: true,
      types: ["node"],
    },
    // The packages' own ambient declarations (a module without types of its own), which their
    // sources rely on when a block reaches them through the `@onair/source` condition.
    files: ["context.d.ts", ...ambientDeclarations(), ...files],
  };
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify(config, null, 2));

  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
    cwd: work,
    encoding: "utf8",
  });
  const errors = [];
  for (const line of `${run.stdout}${run.stderr}`.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (match === null) {
      if (line.trim() !== "") errors.push(line);
      continue;
    }
    const [, path, row, column, message] = match;
    const block = origin.get(path);
    if (block === undefined) {
      errors.push(
        `${relative(root, realpathSync(join(work, path)))}(${row},${column}): ${message}`,
      );
    } else if (Number(row) > block.offset) {
      // (an error in the part a block continues from is reported with that earlier block)
      errors.push(
        `${block.file}:${block.start + Number(row) - block.offset - 1}:${column} ${message}`,
      );
    }
  }
  if (run.status !== 0 || errors.length > 0) {
    console.error(errors.join("\n"));
    console.error(`\n${errors.length} error(s) in the TypeScript blocks of the docs.`);
    process.exitCode = 1;
  } else {
    console.log(
      `${files.length} TypeScript blocks of the docs compile (${skipped} marked nocheck).`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
