import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { customConditions: [] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
  // React's automatic runtime: the bundle imports react/jsx-runtime (a peer), never bundles it.
  esbuildOptions(options) {
    options.jsx = "automatic";
  },
  external: ["react", "react-dom", "hls.js", "@onair/core", "@onair/client"],
});
