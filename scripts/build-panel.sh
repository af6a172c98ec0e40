#!/usr/bin/env bash
# Builds the web panel (src/main/webui) into the directory given (the Maven build passes the jar's
# META-INF/resources/jobber). npm ci runs only when package-lock.json changed since the last install.
set -euo pipefail
out="${1:?usage: build-panel.sh <output directory>}"
cd "$(dirname "$0")/../src/main/webui"
if ! cmp -s package-lock.json node_modules/.jobber-installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.jobber-installed-lock
fi
npx --no-install vite build --outDir "$out" --emptyOutDir --logLevel warn
