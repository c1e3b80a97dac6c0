// In the consumer project: writes a consumer file that imports every entry of every @onair package
// (read from the exports maps) plus a typed use of the main APIs, as ESM (.mts / .ts) and as
// CommonJS (.cts), and one tsconfig per module mode (node16, nodenext, bundler) checking both.
// Declaration files are checked too (skipLibCheck off): a .d.cts importing an ESM-only module is
// an error (TS1479) a CommonJS consumer would get.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const scopeDir = join("node_modules", "@onair");
/** True when a condition appears anywhere in an export's conditions. */
function hasCondition(value, condition) {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([key, inner]) => key === condition || hasCondition(inner, condition),
  );
}

/** Every entry, and whether CommonJS can require it (ESM-only entries have no require condition). */
const entries = readdirSync(scopeDir).flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(join(scopeDir, dir, "package.json"), "utf8"));
  return Object.entries(manifest.exports)
    .filter(([subpath]) => !subpath.endsWith(".json"))
    .map(([subpath, target]) => ({
      specifier: subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      requirable: hasCondition(target, "require"),
    }));
});
const specifiers = entries.map((entry) => entry.specifier);
const cjsSpecifiers = entries.filter((entry) => entry.requirable).map((entry) => entry.specifier);

const esmUse = `
import {
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  isLiveError,
  type LiveErrorCode,
} from "@onair/core";
import { evaluatePreflight } from "@onair/core/browser";
import { createLiveRouter } from "@onair/express";
import { createMockLiveProvider, createTestClock } from "@onair/testing";
import express from "express";

const clock = createTestClock();
const provider = createMockLiveProvider({ clock });
const service = createLiveService({
  store: createInMemoryStore(),
  changes: createInMemoryChangeFeed(),
  provider,
  clock,
});
const app = express();
app.use(
  "/api/live",
  createLiveRouter({ service, provider, identify: () => null, authorizeAdmin: () => false }),
);
export const overall: "ready" | "degraded" | "blocked" = evaluatePreflight(
  {} as Parameters<typeof evaluatePreflight>[0],
).overall;
export function codeOf(error: unknown): LiveErrorCode | null {
  return isLiveError(error) ? error.code : null;
}
`;

const cjsUse = `
import core = require("@onair/core");
import browser = require("@onair/core/browser");
import onairExpress = require("@onair/express");
import testing = require("@onair/testing");
import express = require("express");

const clock = testing.createTestClock();
const provider = testing.createMockLiveProvider({ clock });
const service = core.createLiveService({
  store: core.createInMemoryStore(),
  changes: core.createInMemoryChangeFeed(),
  provider,
  clock,
});
const app = express();
app.use(
  "/api/live",
  onairExpress.createLiveRouter({ service, provider, identify: () => null, authorizeAdmin: () => false }),
);
export const overall: "ready" | "degraded" | "blocked" = browser.evaluatePreflight(
  {} as Parameters<typeof browser.evaluatePreflight>[0],
).overall;
export function codeOf(error: unknown): core.LiveErrorCode | null {
  return core.isLiveError(error) ? error.code : null;
}
`;

const esmAll = specifiers.map((s, i) => `import * as entry${i} from "${s}";`).join("\n");
const cjsAll = cjsSpecifiers.map((s, i) => `import entry${i} = require("${s}");`).join("\n");
const list = (names) =>
  `export const entries = [${names.map((_, i) => `entry${i}`).join(", ")}];\n`;

writeFileSync("consumer-esm.mts", `${esmAll}\n${list(specifiers)}${esmUse}`);
writeFileSync("consumer-cjs.cts", `${cjsAll}\n${list(cjsSpecifiers)}${cjsUse}`);
writeFileSync("consumer-bundler.ts", `${esmAll}\n${list(specifiers)}${esmUse}`);

const base = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: "es2022",
  // msw's types (an optional peer of @onair/testing) need the DOM library, as msw documents.
  lib: ["es2023", "dom", "dom.iterable"],
  types: ["node"],
};
// Under node16 and nodenext the file extension sets the module format (.mts ESM, .cts CommonJS),
// and under bundler with module "preserve" a .cts keeps its `import x = require()`: one program per
// mode checks both forms and reads each declaration file once.
const configs = {
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "preserve", moduleResolution: "bundler" },
};
const files = {
  node16: ["consumer-esm.mts", "consumer-cjs.cts"],
  nodenext: ["consumer-esm.mts", "consumer-cjs.cts"],
  bundler: ["consumer-bundler.ts", "consumer-cjs.cts"],
};
for (const [name, options] of Object.entries(configs)) {
  const config = { compilerOptions: { ...base, ...options }, files: files[name] };
  writeFileSync(`tsconfig.${name}.json`, `${JSON.stringify(config, null, 2)}\n`);
}
console.log(`ESM: ${specifiers.join(", ")}\nCJS: ${cjsSpecifiers.join(", ")}`);
