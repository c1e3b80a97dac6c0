// The @onair/react suite once more, with React 18: react, react-dom and Testing Library resolve
// to this folder's copies (installed with React 18) instead of the package's React 19.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const require = createRequire(import.meta.url);
const root = (name: string) => dirname(require.resolve(`${name}/package.json`));

export default defineProject({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: {
    conditions: ["@onair/source"],
    alias: [
      { find: /^react-dom(\/.*)?$/, replacement: `${root("react-dom")}$1` },
      { find: /^react(\/.*)?$/, replacement: `${root("react")}$1` },
      { find: /^@testing-library\/react$/, replacement: root("@testing-library/react") },
    ],
  },
  ssr: { resolve: { conditions: ["@onair/source"] } },
  test: {
    name: "@onair/react (React 18)",
    environment: "happy-dom",
    env: { ONAIR_REACT_MAJOR: "18" },
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "test/**/*.test.tsx"],
    // The Chromium tests bundle their page with esbuild (React 19): running them here adds nothing.
    exclude: ["test/browser/**", "**/node_modules/**"],
  },
});
