#!/usr/bin/env bash
# Runs every test: the command-line tool's and the runner's own tests (Node's test runner), then unit and
# @QuarkusTest tests (surefire) and the packaged application (failsafe, *IT). The Java tests need a running Docker
# engine (they build the runner image).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
# The runner image tests run against an image built from this checkout (the same build the Java tests use).
JOBBER_RUNNER_IMAGE="${JOBBER_RUNNER_IMAGE:-$(runner-images/build-local.sh jobber-runner-image-test:latest | tail -n 1)}"
export JOBBER_RUNNER_IMAGE
node --test cli/test/*.test.js
node --test runner-images/test/*.test.js
node --test src/main/webui/test/*.test.js
exec ./mvnw -B verify "$@"
