#!/usr/bin/env bash
# Benchmarks the gateway against the floor no gateway can beat: the same no-op function served directly by a plain
# Node HTTP server in the same runner image. Prints a markdown table (docs/benchmarks.md keeps the results).
#
#   bench/run.sh            needs: a running Docker engine, wrk, curl, a JDK 21+ (scripts/java-env.sh finds one)
#
# Environment: DURATION (seconds per wrk run, default 10), WARMUP (seconds, default 10), COLD_RUNS (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
COLD_RUNS=${COLD_RUNS:-10}
for tool in wrk curl docker; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done

source bench/lib.sh
start_jobber
direct_port=$(free_port)

job=$(publish_job bench/noop)

runners() { api "/api/job/$job/runners" | python3 -c '
import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["data"] if r["status"] != "closed"))'; }

# Cold start: no runner exists (runnerMinCount 0); the first request starts one.
cold=()
for _ in $(seq 1 "$COLD_RUNS"); do
  for id in $(runners); do api "/api/job/$job/runners/$id?forceful=true" -X DELETE >/dev/null; done
  while [ -n "$(runners)" ]; do sleep 0.1; done
  cold+=("$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$gateway/noop")")
done
cold_p50=$(printf '%s\n' "${cold[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]*1000}')

# The direct baseline: a plain Node HTTP server in the same image, same network.
direct=$(docker run -d --network host --entrypoint /usr/bin/node "$image" -e "
require('http').createServer((q, s) => { s.setHeader('content-type', 'text/plain'); s.end('ok'); })
  .listen($direct_port, '127.0.0.1');")
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$direct_port/" >/dev/null && break; sleep 0.1; done

measure() { # url threads connections -> "requests/s p50 p99" (latencies in ms)
  wrk -t"$2" -c"$3" -d"${DURATION}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END {printf "%.0f %.2f %.2f\n", rps, ms(p50), ms(p99)}'
}
echo "Warming up for ${WARMUP}s each…" >&2
wrk -t2 -c32 -d"${WARMUP}s" "http://127.0.0.1:$gateway/noop" >/dev/null
wrk -t2 -c32 -d"${WARMUP}s" "http://127.0.0.1:$direct_port/" >/dev/null

read -r g1_rps g1_p50 g1_p99 <<<"$(measure "http://127.0.0.1:$gateway/noop" 1 1)"
read -r d1_rps d1_p50 d1_p99 <<<"$(measure "http://127.0.0.1:$direct_port/" 1 1)"
read -r g32_rps g32_p50 g32_p99 <<<"$(measure "http://127.0.0.1:$gateway/noop" 2 32)"
read -r d32_rps d32_p50 d32_p99 <<<"$(measure "http://127.0.0.1:$direct_port/" 2 32)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.2f", a-b}'; }
cat <<TABLE
| measure | gateway | direct Node | gateway vs direct |
|---|---|---|---|
| cold start, first request, p50 of $COLD_RUNS (ms) | $cold_p50 | – | – |
| c=1 throughput (req/s) | $g1_rps | $d1_rps | $(ratio "$g1_rps" "$d1_rps") |
| c=1 latency p50 / p99 (ms) | $g1_p50 / $g1_p99 | $d1_p50 / $d1_p99 | p50 $(diff_ms "$g1_p50" "$d1_p50") |
| c=32 throughput (req/s) | $g32_rps | $d32_rps | $(ratio "$g32_rps" "$d32_rps") |
| c=32 latency p50 / p99 (ms) | $g32_p50 / $g32_p99 | $d32_p50 / $d32_p99 | p50 $(diff_ms "$g32_p50" "$d32_p50") |
TABLE
echo "cold start samples (s): ${cold[*]}" >&2
