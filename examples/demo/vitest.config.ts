import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@onair/source"] },
  ssr: { resolve: { conditions: ["@onair/source"] } },
  test: {
    name: "@onair/demo",
    include: ["src/**/*.test.ts"],
  },
});
