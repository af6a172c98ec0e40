#!/usr/bin/env bash
# Runs every test: the runner's own tests (Node's test runner), then unit and @QuarkusTest tests (surefire) and the
# packaged application (failsafe, *IT). The Java tests need a running Docker engine (they build the runner image).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
node --test runner-images/test/*.test.js
exec ./mvnw -B verify "$@"
