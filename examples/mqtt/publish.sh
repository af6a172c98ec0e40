#!/bin/sh
# Publishes the job with the jobber CLI (this checkout's, else `jobber` on the PATH), then gives it the broker's
# address as job environment variables (MQTT_HOST required, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD when set; the
# password as a secret): JOBBER_URL (default http://localhost:3000), JOBBER_TOKEN when set, else the token
# `jobber login` stored.
set -eu
cd "$(dirname "$0")"
: "${MQTT_HOST:?set MQTT_HOST to the broker Jobber connects to}"
export JOBBER_URL="${JOBBER_URL:-http://localhost:3000}"
jobber=../../scripts/jobber
[ -x "$jobber" ] || jobber=jobber
job=example-temperature-alerts
"$jobber" publish .
# The host last: the trigger connects once it has one.
[ -n "${MQTT_PORT:-}" ] && "$jobber" env set "$job" "MQTT_PORT=$MQTT_PORT"
[ -n "${MQTT_USERNAME:-}" ] && "$jobber" env set "$job" "MQTT_USERNAME=$MQTT_USERNAME"
[ -n "${MQTT_PASSWORD:-}" ] && printf '%s' "$MQTT_PASSWORD" | "$jobber" env set "$job" MQTT_PASSWORD=- --secret
"$jobber" env set "$job" "MQTT_HOST=$MQTT_HOST"
echo "MQTT trigger of $job connects to $MQTT_HOST"
