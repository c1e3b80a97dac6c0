// Bundles the demo's browser pages (React, @onair/react, @onair/client) with esbuild when the demo
// starts, in memory: nothing to build beforehand, nothing written to disk. One progress line on
// the terminal says what is being bundled and how long it took.
// The Vonage client SDK (@vonage/client-sdk-video, imported by @onair/client on the first connect
// of a Vonage grant) is bundled only for a demo on Vonage, into a chunk of its own that the
// control room loads then; on the mock provider it is left out (its import is never reached).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSync } from "esbuild";

/** pdf.js renders shared PDFs in a worker, served as it ships. */
export const pdfWorkerFile = "pdf.worker.min.mjs";

/** The pages' entry points, each bundled into `/assets/<name>.js`. */
export const pageEntries = ["backoffice", "control", "event"] as const;

export interface PageBundle {
  /** File name (e.g. `control.js`) to its contents. */
  readonly files: ReadonlyMap<string, string>;
  readonly bytes: number;
  readonly ms: number;
}

/** The Vonage client SDK's package: a chunk of its own, in the bundle for Vonage only. */
export const vonageSdkPackage = "@vonage/client-sdk-video";

export interface BundleOptions {
  /** Bundle the Vonage client SDK (the demo runs on Vonage). Default false. */
  readonly vonageSdk?: boolean;
}

const bundled = new Map<boolean, PageBundle>();

/**
 * Bundles once per process and variant (tests create many demo apps; the pages do not change
 * meanwhile). `progress` receives the progress line; default: standard error, so a piped stdout
 * stays clean.
 */
export function bundlePages(
  progress: (line: string) => void = (line) => process.stderr.write(line),
  options: BundleOptions = {},
): PageBundle {
  const vonageSdk = options.vonageSdk ?? false;
  const done = bundled.get(vonageSdk);
  if (done !== undefined) return done;
  const started = performance.now();
  progress(
    `Bundling the demo's pages (${pageEntries.join(", ")}${vonageSdk ? ", with the Vonage client SDK" : ""})… `,
  );
  const result = buildSync({
    entryPoints: pageEntries.map((name) => ({
      in: new URL(`./web/${name}.tsx`, import.meta.url).pathname,
      out: name,
    })),
    bundle: true,
    write: false,
    outdir: "/assets",
    format: "esm",
    splitting: true,
    platform: "browser",
    target: ["chrome120", "firefox120", "safari17"],
    minify: true,
    // The workspace's packages resolve to their TypeScript sources, as the server's do.
    conditions: ["@onair/source"],
    external: vonageSdk ? [] : [vonageSdkPackage],
    define: { "process.env.NODE_ENV": '"production"' },
    jsx: "automatic",
    chunkNames: "chunk-[hash]",
    logLevel: "silent",
  });
  const files = new Map<string, string>();
  let bytes = 0;
  for (const file of result.outputFiles) {
    files.set(file.path.slice(file.path.lastIndexOf("/") + 1), file.text);
    bytes += file.contents.byteLength;
  }
  const worker = readFileSync(
    createRequire(import.meta.url).resolve(`pdfjs-dist/build/${pdfWorkerFile}`),
    "utf8",
  );
  files.set(pdfWorkerFile, worker);
  bytes += worker.length;
  const ms = Math.round(performance.now() - started);
  progress(`done: ${files.size} files, ${Math.round(bytes / 1024)} kB in ${ms} ms.\n`);
  const bundle = { files, bytes, ms };
  bundled.set(vonageSdk, bundle);
  return bundle;
}
