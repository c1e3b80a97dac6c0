import { defineConfig } from "vitest/config";

// One vitest project per package, all running on sources through the
// "@onair/source" export condition (no build step needed to test).
export default defineConfig({
  resolve: { conditions: ["@onair/source"] },
  ssr: { resolve: { conditions: ["@onair/source"] } },
  test: {
    projects: ["packages/*", "packages/adapter-react/test/react18", "examples/*"],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
