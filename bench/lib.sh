# Shared by the benchmark scripts: builds Jobber and the runner image, starts Jobber on free ports with runners on
# host networking, and removes everything on exit. Sets: work, admin, gateway, image, instance, token; api calls the
# admin API with the token.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_jobber() {
  work=$(mktemp -d)
  instance="jobber-bench-$$"
  jobber_pid=""
  direct=""
  broker_pid=""
  trap cleanup EXIT
  echo "Building Jobber and the runner image…" >&2
  ./mvnw -B -q package -DskipTests >&2
  image=$(runner-images/build-local.sh jobber-runner-bench:latest | tail -n 1)
  admin=$(free_port); gateway=$(free_port); manager=$(free_port)
  password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
  STARTUP_PASSWORD=$password JOBBER_DATA_DIR="$work/data" JOBBER_NAME="$instance" QUARKUS_HTTP_PORT=$admin GATEWAY_PORT=$gateway \
    GATEWAY_HOST=127.0.0.1 MANAGER_PORT=$manager MANAGER_HOST=127.0.0.1 RUNNER_CONTAINER_DOCKER_NETWORK=host \
    RUNNER_IMAGE_NODE20_URL=$image RUNNER_IMAGE_NODE22_URL=$image RUNNER_IMAGE_NODE24_URL=$image \
    java -jar target/quarkus-app/quarkus-run.jar >"$work/jobber.log" 2>&1 &
  jobber_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$admin/q/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$admin/q/health/ready" >/dev/null || { cat "$work/jobber.log" >&2; exit 1; }
  curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$admin/api/auth/login" >/dev/null
  token=$(curl -sf -b "$work/cookies" -H "Origin: http://127.0.0.1:$admin" -H 'Content-Type: application/json' \
    -d '{"description":"bench","ttl":86400,"permissions":[{"effect":"allow","resource":"*","actions":["read","write","delete"]}]}' \
    "http://127.0.0.1:$admin/api/api-tokens/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
}

# curl against the admin API as the administrator: api <path> [curl options…]
api() {
  local path=$1; shift
  curl -sf -H "Authorization: Bearer $token" "$@" "http://127.0.0.1:$admin$path"
}

cleanup() {
  [ -n "$jobber_pid" ] && kill "$jobber_pid" 2>/dev/null && wait "$jobber_pid" 2>/dev/null || true
  [ -n "$direct" ] && docker rm -f "$direct" >/dev/null 2>&1 || true
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null || true
  docker rm -f $(docker ps -aq --filter "label=jobber-manager=$instance") >/dev/null 2>&1 || true
  rm -rf "$work"
}

# Publishes the job in directory $1 (after substituting MQTT_PORT) and prints its id.
publish_job() {
  local dir=$1 zip="$work/$(basename "$1").zip" staging="$work/$(basename "$1")"
  cp -r "$dir" "$staging"
  sed -i "s/MQTT_PORT/${MQTT_PORT:-1883}/" "$staging/package.json"
  (cd "$staging" && zip -qr "$zip" .)
  api /api/job/publish/ -F "archive=@$zip" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["job"]["id"])'
}
