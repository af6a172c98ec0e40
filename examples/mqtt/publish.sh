#!/bin/sh
# Publishes the job, then gives it the broker's address as job environment variables (MQTT_HOST required, MQTT_PORT,
# MQTT_USERNAME, MQTT_PASSWORD when set; the password as a secret): JOBBER_URL (default http://localhost:3000),
# JOBBER_TOKEN when auth is on.
set -eu
cd "$(dirname "$0")"
url="${JOBBER_URL:-http://localhost:3000}"
zip_file="$(mktemp -d)/job.zip"
trap 'rm -rf "$(dirname "$zip_file")"' EXIT
zip -qr "$zip_file" package.json index.js
published=$(curl -sS --fail-with-body ${JOBBER_TOKEN:+-H "Authorization: Bearer $JOBBER_TOKEN"} \
  -F "archive=@$zip_file" "$url/api/job/publish/")
echo "$published"
job_id=$(printf '%s' "$published" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.job.id))')

set_variable() { # name type value
  curl -sS --fail-with-body ${JOBBER_TOKEN:+-H "Authorization: Bearer $JOBBER_TOKEN"} \
    --data-urlencode "type=$2" --data-urlencode "value=$3" "$url/api/job/$job_id/environment/$1" >/dev/null
}
# The host last: the trigger connects once it has one.
[ -n "${MQTT_PORT:-}" ] && set_variable MQTT_PORT text "$MQTT_PORT"
[ -n "${MQTT_USERNAME:-}" ] && set_variable MQTT_USERNAME text "$MQTT_USERNAME"
[ -n "${MQTT_PASSWORD:-}" ] && set_variable MQTT_PASSWORD secret "$MQTT_PASSWORD"
set_variable MQTT_HOST text "${MQTT_HOST:?set MQTT_HOST to the broker Jobber connects to}"
echo "MQTT trigger of job $job_id connects to $MQTT_HOST"
