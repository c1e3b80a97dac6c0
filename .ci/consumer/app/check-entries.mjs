// In the consumer project: every entry of every @onair package (read from its exports map, so new
// packages and entries are covered) loads with ESM `import` and CommonJS `require` and gives the
// same names; every file the exports map names is in the package; source maps carry relative
// paths and their sources; a LiveError from the CommonJS copy is recognised by the ESM copy.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";

const require = createRequire(join(process.cwd(), "package.json"));
const failures = [];
const fail = (message) => failures.push(message);

const scopeDir = join(process.cwd(), "node_modules", "@onair");
const packages = readdirSync(scopeDir).map((dir) => {
  const root = join(scopeDir, dir);
  return { root, manifest: JSON.parse(readFileSync(join(root, "package.json"), "utf8")) };
});

/** Every file path an exports map points at, whatever the conditions. */
function targets(value) {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(targets);
}

/** Source maps: no absolute path, and each source is inlined or shipped next to the map. */
function checkSourceMaps(root, dir = root) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") checkSourceMaps(root, path);
      continue;
    }
    if (!entry.name.endsWith(".map")) continue;
    const map = JSON.parse(readFileSync(path, "utf8"));
    if (map.sourceRoot) fail(`${path}: sourceRoot ${map.sourceRoot}`);
    map.sources.forEach((source, index) => {
      if (isAbsolute(source) || /^[a-z]+:/i.test(source))
        fail(`${path}: absolute source ${source}`);
      const inlined = typeof map.sourcesContent?.[index] === "string";
      if (!inlined && !existsSync(resolve(dirname(path), source)))
        fail(`${path}: source ${source} neither inlined nor shipped`);
    });
  }
}

/** True when a condition appears anywhere in an export's conditions. */
function hasCondition(value, condition) {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([key, inner]) => key === condition || hasCondition(inner, condition),
  );
}

let entries = 0;
for (const { root, manifest } of packages) {
  for (const target of targets(manifest.exports)) {
    if (!existsSync(join(root, target)))
      fail(`${manifest.name}: exports name ${target}, not shipped`);
  }
  checkSourceMaps(root);
  for (const subpath of Object.keys(manifest.exports)) {
    if (subpath.endsWith(".json")) continue;
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    entries += 1;
    let esm;
    let cjs;
    try {
      esm = await import(specifier);
    } catch (error) {
      fail(`import ${specifier}: ${error.stack ?? error}`);
    }
    if (!hasCondition(manifest.exports[subpath], "require")) {
      // An ESM-only entry (it needs an ESM-only peer): require must say so, not half-load.
      try {
        require(specifier);
        fail(`require ${specifier}: loads, but its exports map has no require condition`);
      } catch (error) {
        if (error.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") fail(`require ${specifier}: ${error}`);
      }
      if (esm !== undefined)
        console.log(`ok ${specifier} (${Object.keys(esm).length} names, ESM only)`);
      continue;
    }
    try {
      cjs = require(specifier);
    } catch (error) {
      fail(`require ${specifier}: ${error.stack ?? error}`);
    }
    if (esm === undefined || cjs === undefined) continue;
    const esmNames = Object.keys(esm)
      .filter((name) => name !== "default" && name !== "module.exports")
      .sort();
    const cjsNames = Object.keys(cjs)
      .filter((name) => name !== "__esModule")
      .sort();
    if (esmNames.length === 0) fail(`import ${specifier}: no exports`);
    if (esmNames.join() !== cjsNames.join())
      fail(`${specifier}: ESM exports [${esmNames}] differ from CJS exports [${cjsNames}]`);
    console.log(`ok ${specifier} (${esmNames.length} names, import and require)`);
  }
}
if (entries === 0) fail("no entry found under node_modules/@onair");

// The ESM and the CommonJS builds are two copies of LiveError: each must recognise the other's.
const esmCore = await import("@onair/core");
const cjsCore = require("@onair/core");
if (esmCore.LiveError === cjsCore.LiveError) fail("expected two copies of LiveError (ESM and CJS)");
const fromCjs = new cjsCore.LiveError("FORBIDDEN", "from the CommonJS build");
const fromEsm = new esmCore.LiveError("CONFLICT", "from the ESM build");
if (!esmCore.isLiveError(fromCjs, "FORBIDDEN")) fail("ESM isLiveError misses a CJS LiveError");
if (!cjsCore.isLiveError(fromEsm, "CONFLICT")) fail("CJS isLiveError misses an ESM LiveError");
if (!(fromCjs instanceof esmCore.LiveError)) fail("CJS LiveError is not instanceof ESM LiveError");
if (esmCore.isLiveError(new Error("x"))) fail("isLiveError accepts a plain Error");
const testing = require("@onair/testing");
await testing
  .expectLiveError(Promise.reject(fromEsm), "CONFLICT")
  .catch((error) => fail(`CJS expectLiveError misses an ESM LiveError: ${error.message}`));

if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`${entries} entries load with import and require; LiveError recognised across copies`);
