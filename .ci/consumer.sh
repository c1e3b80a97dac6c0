#!/usr/bin/env bash
# Consumer check: packs every public package of packages/, installs the tarballs with npm into a
# fresh project outside the workspace (registry + local tarballs only) and proves there what an
# application does with them. Fails on the first thing that does not work.
#   .ci/consumer.sh                 builds, packs, installs, checks
#   ONAIR_CONSUMER_NO_BUILD=1 ...   reuses the dist/ folders of a build that just ran
#   ONAIR_CONSUMER_KEEP=1 ...       keeps the temporary project and prints where it is
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/.ci/consumer"
cd "$ROOT"

# The workspace's pinned Node.js (root devDependency `node`) runs npm, tsc, tsx and vitest below.
export PATH="$ROOT/node_modules/node/bin:$PATH"
PNPM="npx --yes pnpm@12.4.2"
started=$SECONDS
step() { printf '\n== consumer: %s (%ss)\n' "$1" "$((SECONDS - started))"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onair-consumer.XXXXXX")"
if [ "${ONAIR_CONSUMER_KEEP:-}" = 1 ]; then
  trap 'echo "consumer project kept in $WORK"' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/tarballs" "$WORK/app"

if [ "${ONAIR_CONSUMER_NO_BUILD:-}" != 1 ]; then
  step "build"
  $PNPM build >/dev/null
fi

step "pack every public package"
for dir in packages/*/; do
  if node -e 'process.exit(require(process.argv[1]).private === true ? 0 : 1)' "$ROOT/${dir}package.json"; then
    continue
  fi
  (cd "$dir" && $PNPM pack --pack-destination "$WORK/tarballs" >/dev/null)
done
ls "$WORK/tarballs"

step "install the tarballs with npm in a fresh project"
node "$HERE/make-app.mjs" "$ROOT" "$WORK/tarballs" "$WORK/app"
cp "$HERE"/app/* "$WORK/app/"
cd "$WORK/app"
npm install --no-audit --no-fund --loglevel=error >/dev/null
node "$HERE/check-install.mjs" "$(npm config get registry)"

step "import and require every entry"
node check-entries.mjs

step "tsc --noEmit under node16, nodenext and bundler, ESM and CJS"
node make-type-checks.mjs
# One program per mode, each with an ESM and a CommonJS file; declaration files are checked too
# (skipLibCheck off), which makes each run slow: the three run side by side.
# shellcheck disable=SC2016
printf '%s\n' tsconfig.*.json |
  xargs -P 3 -I{} sh -c 'npx --no-install tsc --noEmit -p {} && echo "ok tsc -p {}"'

step "a vitest suite using @onair/testing"
npx --no-install vitest run --reporter=dot

step "the docs/http.md server, started from the tarballs, reaches the replay"
node "$HERE/extract-block.mjs" "$ROOT/docs/http.md" "// server.ts" >server.ts
printf '\nexport { provider, server };\n' >>server.ts
PORT=0 npx --no-install tsx replay-check.ts

step "done"
