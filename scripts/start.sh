#!/usr/bin/env bash
# Builds and starts Jobber: admin API on :3000, gateway on :3001. Without DATABASE_URL an embedded PostgreSQL keeps
# its data under JOBBER_DATA_DIR (default ./data). JOBBER_SKIP_BUILD=1 starts the jar already built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if [ "${JOBBER_SKIP_BUILD:-}" != "1" ]; then
  ./mvnw -B -q package -DskipTests
fi
exec java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar "$@"
