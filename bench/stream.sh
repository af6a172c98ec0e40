#!/usr/bin/env bash
# Benchmarks streamed bodies: MiB/s of an upload echoed back as it arrives, an upload alone and a download alone,
# through the gateway and from a plain Node HTTP server in the same runner image on the same network (the floor no
# gateway can beat). One transfer at a time with curl; median of RUNS after one warm-up transfer of each kind.
# Prints a markdown table (docs/benchmarks.md keeps the results).
#
#   bench/stream.sh         needs: a running Docker engine, curl, python3, a JDK 21+ (scripts/java-env.sh finds one)
#
# Environment: MB (size of each transfer in MiB, default 256), RUNS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
source bench/lib.sh
MB=${MB:-256}
RUNS=${RUNS:-5}
for tool in curl docker python3; do
  command -v "$tool" >/dev/null || { echo "bench/stream.sh needs $tool" >&2; exit 1; }
done

export GATEWAY_MAX_BODY_SIZE=$((MB + 1))M
start_jobber
job=$(publish_job bench/stream)
direct_port=$(free_port)
direct=$(docker run -d --network host --entrypoint /usr/bin/node -v "$PWD/bench/stream:/bench:ro" "$image" -e "
const handle = require('/bench/index.js').handlerHttp;
require('http').createServer((q, s) => {
  const url = new URL(q.url, 'http://x');
  const context = {
    request: { path: url.pathname, query: (n) => url.searchParams.get(n), getReadStream: () => q },
    response: {
      header(n, v) { s.setHeader(n, v); return this; },
      getWriteStream: () => s,
      text: (t) => s.end(t),
    },
  };
  handle(context);
}).listen($direct_port, '127.0.0.1');")
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$direct_port/stream/download?mb=0" >/dev/null && break; sleep 0.1; done
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$gateway/stream/download?mb=0" >/dev/null && break; sleep 0.2; done

head -c "$((MB * 1024 * 1024))" /dev/urandom >"$work/body"

transfer() { # kind base-url -> MiB/s of one transfer
  local out
  case $1 in
    echo) out=$(curl -sS -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$work/body" -o "$work/echoed" \
            -w '%{time_total}' "$2/stream/echo")
          cmp -s "$work/body" "$work/echoed" || { echo "echoed body differs" >&2; exit 1; } ;;
    upload) out=$(curl -sS -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$work/body" -o /dev/null \
            -w '%{time_total}' "$2/stream/upload") ;;
    download) out=$(curl -sS -o /dev/null -w '%{time_total}' "$2/stream/download?mb=$MB") ;;
  esac
  awk -v t="$out" -v mb="$MB" 'BEGIN {printf "%.0f", mb / t}'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A result
for kind in echo upload download; do
  for target in gateway direct; do
    base="http://127.0.0.1:$([ "$target" = gateway ] && echo "$gateway" || echo "$direct_port")"
    transfer "$kind" "$base" >/dev/null # warm-up
    samples=()
    for _ in $(seq 1 "$RUNS"); do samples+=("$(transfer "$kind" "$base")"); done
    echo "$kind $target MiB/s: ${samples[*]}" >&2
    result[$kind,$target]=$(median "${samples[@]}")
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
cat <<TABLE
| transfer of $MB MiB, median of $RUNS (MiB/s) | gateway | direct Node | gateway vs direct |
|---|---|---|---|
| upload echoed back as it arrives (each direction) | ${result[echo,gateway]} | ${result[echo,direct]} | $(ratio "${result[echo,gateway]}" "${result[echo,direct]}") |
| upload, read by the function | ${result[upload,gateway]} | ${result[upload,direct]} | $(ratio "${result[upload,gateway]}" "${result[upload,direct]}") |
| download, written by the function | ${result[download,gateway]} | ${result[download,direct]} | $(ratio "${result[download,gateway]}" "${result[download,direct]}") |
TABLE
