import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@onair/source"] },
  ssr: { resolve: { conditions: ["@onair/source"] } },
  test: {
    name: "@onair/http",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "../../tsconfig.json" },
  },
});
