import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@onair/source"] },
  ssr: { resolve: { conditions: ["@onair/source"] } },
  test: {
    name: "@onair/react",
    environment: "happy-dom",
    env: { ONAIR_REACT_MAJOR: "19" },
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "test/**/*.test.tsx"],
  },
});
