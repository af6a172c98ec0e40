#!/usr/bin/env bash
# Benchmarks the triggers: MQTT throughput (QoS 1 messages per second from a publisher through a no-op function) and
# schedule firing accuracy (lateness of each tick as the function sees it, p50/p99). Prints a markdown table.
#
#   bench/triggers.sh       needs: a running Docker engine, mosquitto (with mosquitto_pub/_sub), curl, a JDK 21+
#
# Environment: MESSAGES (default 5000), TICKS (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
source bench/lib.sh
MESSAGES=${MESSAGES:-5000}
TICKS=${TICKS:-30}
for tool in mosquitto mosquitto_pub mosquitto_sub curl docker; do
  command -v "$tool" >/dev/null || { echo "bench/triggers.sh needs $tool (apt-get install -y mosquitto-clients)" >&2; exit 1; }
done

MQTT_PORT=$(free_port)
start_jobber
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n' "$MQTT_PORT" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
sleep 0.5
job=$(publish_job bench/triggers)
status() {
  local trigger
  trigger=$(api "/api/job/$job/triggers:current" \
    | python3 -c 'import json,sys; print([t["id"] for t in json.load(sys.stdin)["data"] if t["context"]["type"]=="mqtt"][0])')
  api "/api/job/$job/triggers/$trigger/status" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])'
}
for _ in $(seq 1 100); do [ "$(status)" = healthy ] && break; sleep 0.2; done

pub() { awk -v n="$1" 'BEGIN {for (i = 0; i < n; i++) print n}' | mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -t bench/in -q 1 -l; }
run_batch() { # messages -> seconds from first publish to the function's "done"
  mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t bench/done -C 1 -W 600 >/dev/null &
  local sub=$!
  sleep 0.5
  local start end
  start=$(date +%s.%N)
  pub "$1"
  wait "$sub"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b-a}'
}

echo "Schedule lateness over $TICKS ticks…" >&2
mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t bench/lateness -C "$TICKS" -W 600 >"$work/lateness"
late_p50=$(sort -n "$work/lateness" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
late_p99=$(sort -n "$work/lateness" | awk '{a[NR]=$1} END {i=int(NR*0.99+0.999); if (i<1) i=1; print a[i]}')
late_max=$(sort -n "$work/lateness" | tail -n 1)

echo "MQTT warm-up…" >&2
run_batch 1000 >/dev/null
echo "MQTT: $MESSAGES messages…" >&2
seconds=$(run_batch "$MESSAGES")
rate=$(awk -v n="$MESSAGES" -v s="$seconds" 'BEGIN {printf "%.0f", n/s}')

cat <<TABLE
| measure | result |
|---|---|
| MQTT QoS 1 through a no-op function ($MESSAGES messages, one runner) | $rate msg/s ($seconds s) |
| schedule lateness p50 / p99 / max over $TICKS one-second ticks | $late_p50 / $late_p99 / $late_max ms |
TABLE
