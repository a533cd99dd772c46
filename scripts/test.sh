#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, then runs every suite CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip

bash scripts/install-system-deps.sh

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.borderpost-lock-hash ] || [ "$(cat node_modules/.borderpost-lock-hash)" != "$lock_hash" ]; then
  echo "npm: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.borderpost-lock-hash
fi

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== lint"; npx eslint . --max-warnings 0
echo "== build (renderer for browser mode; main, preload and renderer for Electron)"
npx vite build --config renderer/vite.config.ts --logLevel warn
npx electron-vite build --logLevel warn
echo "== unit and integration tests"; npx vitest run
echo "== end-to-end (Chromium against browser mode)"; npx playwright test
