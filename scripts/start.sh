#!/usr/bin/env bash
# Builds and starts Jobber: admin API on :3000, gateway on :3001. Without DATABASE_URL an embedded PostgreSQL keeps
# its data under JOBBER_DATA_DIR (default ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
./mvnw -B -q package -DskipTests
exec java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar "$@"
