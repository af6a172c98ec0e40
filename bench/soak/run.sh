#!/usr/bin/env bash
# Soak run: one Jobber from the packaged jar with a fresh data directory, its own mosquitto broker, and an hour (by
# default) of mixed load from bench/soak/driver.mjs, which samples Jobber every minute into soak.csv. Then
# bench/soak/plot.py draws soak.svg. Everything it starts is stopped by pid; the runner containers of its Jobber
# instance are removed by label.
#
#   nice -n 19 bench/soak/run.sh
#
# Needs: a running Docker engine, mosquitto, node 20+, psql, zip, python3, a JDK 21+ (jcmd). Environment:
#   SOAK_DURATION       seconds of load                                   default 3600
#   SOAK_HTTP_RATE      gateway calls per second                          default 20
#   SOAK_MQTT_RATE      QoS 1 MQTT messages per second                    default 3
#   SOAK_PUBLISH_EVERY  seconds between publishes of a new version        default 60
#   SOAK_SAMPLE_EVERY   seconds between samples                           default 60
#   SOAK_OUT            output directory (soak.csv, soak.svg, summary.json, events.log, jobber.log)
#                                                                         default bench/soak/out/<UTC time>
#   SOAK_IMAGE          runner image to use instead of building one with runner-images/build-local.sh
#   SOAK_BUILD=1        rebuild the jar even when target/quarkus-app/quarkus-run.jar exists
#   JOBBER_JAVA_OPTS    extra JVM options for Jobber
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh

for tool in mosquitto node psql zip python3 docker jcmd; do
  command -v "$tool" >/dev/null || { echo "bench/soak/run.sh needs $tool" >&2; exit 1; }
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

out=${SOAK_OUT:-bench/soak/out/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
instance="jobber-soak-$$"
jobber_pid="" broker_pid="" driver_pid="" postmaster_pid=""

cleanup() {
  set +e
  [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null && wait "$driver_pid" 2>/dev/null
  if [ -n "$jobber_pid" ] && kill -0 "$jobber_pid" 2>/dev/null; then
    kill "$jobber_pid"
    for _ in $(seq 1 60); do kill -0 "$jobber_pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$jobber_pid" 2>/dev/null && { echo "Jobber did not stop within 60 s; killing it" >&2; kill -9 "$jobber_pid"; }
    wait "$jobber_pid" 2>/dev/null
  fi
  # A Jobber that had to be killed leaves its embedded PostgreSQL running.
  [ -n "$postmaster_pid" ] && kill -0 "$postmaster_pid" 2>/dev/null && kill "$postmaster_pid"
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  containers=$(docker ps -aq --filter "label=jobber-manager=$instance")
  [ -n "$containers" ] && docker rm -f $containers >/dev/null
  [ -f "$work/jobber.log" ] && cp "$work/jobber.log" "$out/jobber.log"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${SOAK_BUILD:-0}" = 1 ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "Building Jobber…" >&2
  ./mvnw -B -o -q package -DskipTests >&2
fi
image=${SOAK_IMAGE:-$(runner-images/build-local.sh jobber-runner-soak:latest | tail -n 1)}

mqtt_port=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 10000\n' "$mqtt_port" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!

admin=$(free_port); gateway=$(free_port); manager=$(free_port)
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
mkdir -p "$work/data"
# shellcheck disable=SC2086
(cd "$work/data" && exec env -u DATABASE_URL STARTUP_PASSWORD="$password" JOBBER_DATA_DIR="$work/data" \
  JOBBER_NAME="$instance" QUARKUS_HTTP_PORT="$admin" GATEWAY_PORT="$gateway" GATEWAY_HOST=127.0.0.1 \
  MANAGER_PORT="$manager" MANAGER_HOST=127.0.0.1 RUNNER_CONTAINER_DOCKER_NETWORK=host \
  RUNNER_IMAGE_NODE20_URL="$image" RUNNER_IMAGE_NODE22_URL="$image" RUNNER_IMAGE_NODE24_URL="$image" \
  java ${JOBBER_JAVA_OPTS:-} -jar "$OLDPWD/target/quarkus-app/quarkus-run.jar") >"$work/jobber.log" 2>&1 &
jobber_pid=$!
echo "Jobber pid $jobber_pid (instance $instance), admin :$admin, gateway :$gateway, broker :$mqtt_port; output in $out" >&2
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$admin/q/health/ready" >/dev/null && break
  kill -0 "$jobber_pid" 2>/dev/null || { cat "$work/jobber.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$admin/q/health/ready" >/dev/null || { cat "$work/jobber.log" >&2; exit 1; }

pg_port=$(sed -n 's/.*Embedded PostgreSQL on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/jobber.log" | head -n 1)
pg_password_file=$(find "$work/data" -maxdepth 2 -name '*.password' | head -n 1)
postmaster_file=$(find "$work/data" -maxdepth 3 -name postmaster.pid | head -n 1)
[ -n "$postmaster_file" ] && postmaster_pid=$(head -n 1 "$postmaster_file")
[ -n "$pg_port" ] && [ -n "$pg_password_file" ] || { echo "No embedded PostgreSQL port or password found" >&2; exit 1; }

curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$admin/api/auth/login" >/dev/null
token=$(curl -sf -b "$work/cookies" -H "Origin: http://127.0.0.1:$admin" -H 'Content-Type: application/json' \
  -d '{"description":"soak","ttl":86400,"permissions":[{"effect":"allow","resource":"*","actions":["read","write","delete"]}]}' \
  "http://127.0.0.1:$admin/api/api-tokens/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')

ADMIN_PORT=$admin GATEWAY_PORT=$gateway TOKEN=$token MQTT_PORT=$mqtt_port JOBBER_PID=$jobber_pid INSTANCE=$instance \
  PG_PORT=$pg_port PG_PASSWORD=$(cat "$pg_password_file") POSTMASTER_PID=$postmaster_pid JOB_DIR=bench/soak/job \
  SOAK_OUT=$out WORK=$work node bench/soak/driver.mjs &
driver_pid=$!
wait "$driver_pid"
driver_pid=""
python3 bench/soak/plot.py "$out/soak.csv" "$out/soak.svg"
echo "Done: $out/soak.csv, $out/soak.svg, $out/summary.json" >&2
