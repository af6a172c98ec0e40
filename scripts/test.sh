#!/usr/bin/env bash
# Runs every test: unit and @QuarkusTest (surefire), then the packaged application (failsafe, *IT).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
exec ./mvnw -B verify "$@"
