import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  splitting: true,
  format: ["esm", "cjs"],
  // Keep @onair/core out of the bundle: pages share one copy of it.
  external: ["@onair/core", "@onair/core/browser"],
  dts: { compilerOptions: { customConditions: [] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
});
