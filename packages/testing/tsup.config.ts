import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    contracts: "src/contracts.ts",
    "vonage-msw/index": "src/vonage-msw/index.ts",
  },
  format: ["esm", "cjs"],
  dts: { compilerOptions: { customConditions: [] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
});
