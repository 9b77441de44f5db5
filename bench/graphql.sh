#!/usr/bin/env bash
# GraphQL benchmark: a filtered, ordered users(first: 50) page and the dashboard-like counts on a
# 100,000-user org, next to { __typename } on the same server (the framework's ceiling), at 1, 4
# and 16 connections with wrk. Prints medians of RUNS runs. Not part of the test suite.
#   bench/graphql.sh            (USERS=100000 RUNS=3 DURATION=10s PORT=18080)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
USERS=${USERS:-100000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CQL_PORT=${CQL_PORT:-39042}
ORG=bench

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/reclaim.jar ] || ./mvnw -q -B -DskipTests package
mkdir -p .local
bash cassandra/cassandra.sh start --dir .local/cassandra-bench --port "$CQL_PORT" --storage-port 37000

java -Xms2g -Xmx4g -jar target/reclaim.jar --server.port="$PORT" \
  --spring.cassandra.contact-points=127.0.0.1:"$CQL_PORT" \
  --reclaim.demo.org-id=$ORG --reclaim.demo.directory.users="$USERS" \
  --reclaim.demo.directory.groups=200 > .local/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -qE "demo directory loaded|Reclaim is ready" .local/bench-server.log 2>/dev/null && \
    curl -sf "localhost:$PORT/actuator/health" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { tail -30 .local/bench-server.log; exit 1; }
  sleep 1
done
TOKEN=$(java -jar target/reclaim.jar mint-token --org $ORG --role VIEWER)
export TOKEN

USERS_Q='{"query":"query { users(first: 50, filter: {status: [ACTIVE], inactive: {days: 90, product: \"jira-software\"}}, orderBy: {field: LAST_ACTIVE, product: \"jira-software\"}) { totalCount edges { cursor node { accountId name email lastActive } } } }"}'
COUNTS_Q='{"query":"query { organization { counts { users activeUsers suspendedUsers groups } } }"}'
TYPENAME_Q='{"query":"{ __typename }"}'

# Warm up the JIT and build the org's index before measuring.
for q in "$USERS_Q" "$COUNTS_Q" "$TYPENAME_Q"; do
  BODY="$q" wrk -t1 -c4 -d5s -s bench/post.lua "http://127.0.0.1:$PORT/graphql" >/dev/null
done
check=$(curl -s "http://127.0.0.1:$PORT/graphql" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "$USERS_Q" | head -c 200)
echo "sample answer: $check"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # name body connections
  local out rps=() p50=() p99=() errors=0
  for _ in $(seq 1 "$RUNS"); do
    out=$(BODY="$2" wrk -t1 -c"$3" -d"$DURATION" --latency -s bench/post.lua "http://127.0.0.1:$PORT/graphql" | grep RESULT)
    rps+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$out")")
    p50+=("$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$out")")
    p99+=("$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$out")")
    errors=$((errors + $(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$out")))
  done
  printf '%s %s %s %s %s\n' "$(printf '%s\n' "${rps[@]}" | median)" \
    "$(printf '%s\n' "${p50[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)" "$errors"
}

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; org of $USERS users; medians of $RUNS runs of $DURATION"
printf '%-28s %5s %10s %9s %9s %7s %16s\n' query conns req/s p50_ms p99_ms errors "vs __typename"
for c in 1 4 16; do
  read -r t_rps t_p50 t_p99 t_err < <(measure typename "$TYPENAME_Q" "$c")
  printf '%-28s %5s %10s %9s %9s %7s %16s\n' "{ __typename } (ceiling)" "$c" "$t_rps" "$t_p50" "$t_p99" "$t_err" "1.00"
  for name in users counts; do
    body=$USERS_Q; label="users(first:50) filtered"
    [ "$name" = counts ] && { body=$COUNTS_Q; label="organization.counts"; }
    read -r rps p50 p99 err < <(measure "$name" "$body" "$c")
    printf '%-28s %5s %10s %9s %9s %7s %16s\n' "$label" "$c" "$rps" "$p50" "$p99" "$err" \
      "$(awk -v a="$rps" -v b="$t_rps" 'BEGIN {printf "%.2f", a/b}')"
  done
done
