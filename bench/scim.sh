#!/usr/bin/env bash
# SCIM benchmark: (1) a PATCH adding 10,000 members to one fresh group, timed RUNS times (median);
# (2) a sustained mixed IdP workload with wrk (bench/scim-mixed.lua: 60% userName lookups, 20% user
# PATCHes, 20% group-member PATCHes) at 1, 4 and 16 connections, medians of RUNS runs, next to
# GET /ServiceProviderConfig on the same server (the ceiling). Not part of the test suite.
#   bench/scim.sh      (USERS=10000 RUNS=3 DURATION=10s PORT=18090 CQL_PORT=39042 STORAGE_PORT=37000;
#                      ONLY=patch skips the workload, JFR=1 records .local/bench-scim.jfr)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18090}
USERS=${USERS:-10000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CQL_PORT=${CQL_PORT:-39042}
STORAGE_PORT=${STORAGE_PORT:-37000}
ORG=${ORG:-scimbench-$(date +%s)} # a fresh org per run: the bench node keeps its data
JFR=${JFR:-} # JFR=1: record the PATCH runs into .local/bench-scim.jfr

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/reclaim.jar ] || ./mvnw -q -B -DskipTests package
mkdir -p .local
bash cassandra/cassandra.sh start --dir .local/cassandra-bench --port "$CQL_PORT" --storage-port "$STORAGE_PORT"

JAVA_FLAGS=(-Xms2g -Xmx4g)
[ -n "$JFR" ] && JAVA_FLAGS+=("-XX:StartFlightRecording=filename=.local/bench-scim.jfr,settings=profile")
java "${JAVA_FLAGS[@]}" -jar target/reclaim.jar --server.port="$PORT" \
  --spring.cassandra.contact-points=127.0.0.1:"$CQL_PORT" --reclaim.simulator.port=0 \
  --reclaim.demo.org-id=$ORG > .local/bench-scim-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -qE "Reclaim is ready" .local/bench-scim-server.log 2>/dev/null && \
    curl -sf "localhost:$PORT/actuator/health" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { tail -30 .local/bench-scim-server.log; exit 1; }
  sleep 1
done
ADMIN=$(java -jar target/reclaim.jar mint-token --org $ORG --role ADMIN)
TOKEN=$(curl -s "http://127.0.0.1:$PORT/graphql" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' \
  -d '{"query":"mutation { createScimToken(input: {label: \"Bench IdP\"}) { secret } }"}' \
  | sed -E 's/.*"secret":"([^"]+)".*/\1/')
export TOKEN
BASE="http://127.0.0.1:$PORT/scim/v2"
IDS_DIR=$(mktemp -d)
export IDS_DIR

node bench/scim-setup.mjs seed "$BASE" "$TOKEN" "$USERS" 20 "$IDS_DIR"
# Warm-up (JIT, the org's index), then the measured 10,000-member PATCHes.
node bench/scim-setup.mjs patch "$BASE" "$TOKEN" "$IDS_DIR" "$USERS" 1 >/dev/null
node bench/scim-setup.mjs patch "$BASE" "$TOKEN" "$IDS_DIR" "$USERS" "$((RUNS < 5 ? 5 : RUNS))" | tee "$IDS_DIR/patch.txt"
[ "${ONLY:-}" = patch ] && { rm -rf "$IDS_DIR"; exit 0; } # ONLY=patch: skip the wrk workload

wrk -t1 -c4 -d5s -s bench/scim-mixed.lua "http://127.0.0.1:$PORT" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # script connections
  local out rps=() p50=() p99=() errors=0
  for _ in $(seq 1 "$RUNS"); do
    out=$(wrk -t1 -c"$2" -d"$DURATION" --latency -s "$1" "http://127.0.0.1:$PORT" | grep RESULT)
    rps+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$out")")
    p50+=("$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$out")")
    p99+=("$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$out")")
    errors=$((errors + $(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$out")))
  done
  printf '%s %s %s %s\n' "$(printf '%s\n' "${rps[@]}" | median)" \
    "$(printf '%s\n' "${p50[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)" "$errors"
}
cat > "$IDS_DIR/ceiling.lua" <<'LUA'
wrk.path = "/scim/v2/ServiceProviderConfig"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
LUA

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $USERS SCIM users, 20 workload groups; medians of $RUNS runs of $DURATION"
printf '%-34s %5s %10s %9s %9s %7s %12s\n' workload conns req/s p50_ms p99_ms errors "vs ceiling"
for c in 1 4 16; do
  read -r t_rps t_p50 t_p99 t_err < <(measure "$IDS_DIR/ceiling.lua" "$c")
  printf '%-34s %5s %10s %9s %9s %7s %12s\n' "GET /ServiceProviderConfig (ceiling)" "$c" "$t_rps" "$t_p50" "$t_p99" "$t_err" "1.00"
  read -r rps p50 p99 err < <(measure bench/scim-mixed.lua "$c")
  printf '%-34s %5s %10s %9s %9s %7s %12s\n' "mixed IdP workload" "$c" "$rps" "$p50" "$p99" "$err" \
    "$(awk -v a="$rps" -v b="$t_rps" 'BEGIN {printf "%.2f", a/b}')"
done
grep RESULT "$IDS_DIR/patch.txt"
rm -rf "$IDS_DIR"
