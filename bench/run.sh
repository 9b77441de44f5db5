#!/usr/bin/env bash
# Reclaim's benchmarks in one command (README.md, Benchmarks). Not part of the build or the tests.
#
#   bench/run.sh [ITEM...]     ITEM: sync preview execution graphql scim startup (default: all six)
#
# Builds the tree (./mvnw -DskipTests package), starts its own Cassandra node (.local/cassandra-bench,
# emptied first), measures each item next to a ceiling measured in the same run, and prints one
# table: figure, ceiling, ratio, target, PASS/FAIL, runs (each figure is the median of RUNS runs),
# with the machine (cores, memory, CPU model), the date and the git commit. The table is also
# written to .local/bench/table.md, and to bench/RESULTS.md when all six items ran.
#
# Environment (defaults): RUNS=3 DURATION=10s (each wrk measurement) WARMUP=20s (each GraphQL
# query before the measurements) EXEC_RATE=100 (requests/s the simulated API allows in item 4)
# PREVIEW_USERS=100000,1000000 SYNC_USERS=100000 EXEC_USERS=10000 (smaller sizes: a quick try, not
# the figures) INPROCESS_HEAP="-Xms2g -Xmx8g" (the JVM of items 1, 2 and 4) NOBUILD= (1: use the
# built tree) JFR= (1: record every JVM into .local/bench/*.jfr) KEEP_NODE= (1: leave the bench
# node running after the run; by default it is stopped, its data kept until the next run empties
# it) PROFILE= (a phase of items 1-2: sync, sync-raw, preview-cold-<users>, preview-raw-<users>;
# async-profiler, from Maven Central, records only that phase's timed runs, in the benchmark JVM and
# in Cassandra, into .local/bench/<phase>-{reclaim,cassandra}.collapsed; its figures then include
# the profiler's cost). Ports, all away from the defaults so that a developer's node (9042/7000) and server
# (8080/8081) are never touched: CQL_PORT=19542 STORAGE_PORT=17542 HTTP_PORT=18580 SIM_PORT=18581;
# start-up item: START_CQL_PORT=19642 START_STORAGE_PORT=17642.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
EXEC_RATE=${EXEC_RATE:-100}
PREVIEW_USERS=${PREVIEW_USERS:-100000,1000000}
CQL_PORT=${CQL_PORT:-19542}
STORAGE_PORT=${STORAGE_PORT:-17542}
HTTP_PORT=${HTTP_PORT:-18580}
SIM_PORT=${SIM_PORT:-18581}
START_CQL_PORT=${START_CQL_PORT:-19642}
START_STORAGE_PORT=${START_STORAGE_PORT:-17642}
JFR=${JFR:-}
PROFILE=${PROFILE:-}
ALL=(sync preview execution graphql scim startup)
ITEMS=("$@")
[ ${#ITEMS[@]} -eq 0 ] && ITEMS=("${ALL[@]}")
for item in "${ITEMS[@]}"; do
  [[ " ${ALL[*]} " == *" $item "* ]] || { echo "bench/run.sh: unknown item '$item' (${ALL[*]})" >&2; exit 2; }
done
wants() { [[ " ${ITEMS[*]} " == *" $1 "* ]]; }

OUT=$ROOT/.local/bench
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: >"$RESULTS"
NODE_DIR=$ROOT/.local/cassandra-bench
START_DIR=$ROOT/.local/cassandra-bench-startup
SERVER=

log() { printf '\n== %s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
# One table row: item, figure, value, ceiling, ratio, target, PASS/FAIL/'' and runs.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$RESULTS" | sed 's/^/ROW /'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
fmt() {
  awk -v v="$1" 'function commas(n, s, out) {
      s = sprintf("%.0f", n); out = ""
      while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
      return s out
    }
    BEGIN { if (v >= 100) print commas(v); else if (v >= 10) printf "%.1f\n", v; else printf "%.2f\n", v }'
}
# async-profiler for PROFILE: its jar from Maven Central, the Linux library unpacked once.
profile_flags() {
  [ -n "$PROFILE" ] || return 0
  local jar="$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar"
  local lib="$ROOT/.local/async-profiler/linux-x64/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    [ -f "$jar" ] || ./mvnw -q -B dependency:get -Dartifact=tools.profiler:async-profiler:4.1 >&2
    unzip -oq "$jar" 'linux-x64/*' -d "$ROOT/.local/async-profiler"
  fi
  echo "-Dbench.async-profiler=$lib -Dbench.profile-phase=$PROFILE"
}
jfr_flags() { [ -n "$JFR" ] && echo "-XX:StartFlightRecording=filename=$OUT/$1.jfr,settings=profile"; true; }

stop_server() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
  fi
  SERVER=
}
cleanup() {
  stop_server
  bash cassandra/cassandra.sh stop --dir "$START_DIR" >/dev/null 2>&1 || true
  # The bench node too (1 GB of heap and its compactions otherwise outlive the run); its data stays
  # in .local/cassandra-bench until the next run empties it. KEEP_NODE=1 leaves it up.
  [ -n "${KEEP_NODE:-}" ] || bash cassandra/cassandra.sh stop --dir "$NODE_DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- tools and build -------------------------------------------------------------------------
if ! command -v wrk >/dev/null && { wants graphql || wants scim; }; then
  log "installing wrk (Debian)"
  apt-get update -qq && apt-get install -y -qq wrk
fi
if wants scim && ! command -v node >/dev/null; then
  echo "bench/run.sh: the scim item needs Node 20 (bench/scim-setup.mjs)" >&2
  exit 1
fi
if [ -z "${NOBUILD:-}" ]; then
  log "building (./mvnw -q -B -DskipTests package)"
  ./mvnw -q -B -DskipTests package
fi
if [ ! -s "$OUT/classpath.txt" ] || [ pom.xml -nt "$OUT/classpath.txt" ]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
fi
TEST_CP=target/test-classes:target/classes:$(cat "$OUT/classpath.txt")

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml schema.graphqls cassandra || echo '+changes')"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- the bench node: emptied, then started (not for the start-up item, which has its own) ----
if wants sync || wants preview || wants execution || wants graphql || wants scim; then
  log "bench Cassandra node: $NODE_DIR (CQL $CQL_PORT, storage $STORAGE_PORT), emptied"
  bash cassandra/cassandra.sh stop --dir "$NODE_DIR" >/dev/null
  rm -rf "$NODE_DIR/data" "$NODE_DIR/logs"
  bash cassandra/cassandra.sh start --dir "$NODE_DIR" --port "$CQL_PORT" --storage-port "$STORAGE_PORT"
fi

# --- 1, 2, 4: in one JVM each (sync and preview; execution with the client limited to N/s) ----
in_process() { # items jfr-name
  # shellcheck disable=SC2046
  java ${INPROCESS_HEAP:--Xms2g -Xmx8g} $(jfr_flags "$2") $(profile_flags) -cp "$TEST_CP" \
    -Dbench.items="$1" -Dbench.runs="$RUNS" -Dbench.cql-port="$CQL_PORT" \
    -Dbench.cassandra-pid="$(tr -dc '0-9' <"$NODE_DIR/cassandra.pid" 2>/dev/null)" \
    -Dbench.exec-rate="$EXEC_RATE" -Dbench.preview-users="$PREVIEW_USERS" -Dbench.out="$RESULTS" \
    -Dbench.sync-users="${SYNC_USERS:-100000}" -Dbench.exec-users="${EXEC_USERS:-10000}" \
    app.reclaim.bench.InProcessBenchmarks | grep --line-buffered -v '^ROW '
}
if wants sync || wants preview; then
  # (A failed 'wants' inside $(...) would end the script under set -e: 'sync' alone did.)
  list=$(for i in sync preview; do if wants $i; then echo $i; fi; done | paste -sd,)
  log "items 1-2 ($list) in process"
  in_process "$list" inprocess
fi
if wants execution; then
  log "item 4 (execution at $EXEC_RATE requests/s) in process"
  in_process execution execution
fi

# --- 3 and 5: the server with a 100,000-user org synced from the simulator ------------------
if wants graphql || wants scim; then
  log "server on $HTTP_PORT: org 'bench' of 100,000 users synced from the simulator ($SIM_PORT)"
  rm -f "$OUT/server.log" # the readiness check below must not find the last run's line
  # shellcheck disable=SC2046
  java -Xms2g -Xmx4g $(jfr_flags server) -jar target/reclaim.jar --server.port="$HTTP_PORT" \
    --spring.cassandra.contact-points=127.0.0.1:"$CQL_PORT" --reclaim.simulator.port="$SIM_PORT" \
    '--reclaim.simulator.orgs[0].id=bench' '--reclaim.simulator.orgs[0].users=100000' \
    '--reclaim.simulator.orgs[0].groups=200' '--reclaim.simulator.orgs[0].api-key=bench-api-key' \
    --reclaim.demo.org-id=bench --reclaim.demo.api-key=bench-api-key \
    --reclaim.sync.scheduler-enabled=false >"$OUT/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    grep -q "Reclaim is ready" "$OUT/server.log" 2>/dev/null && break
    kill -0 $SERVER 2>/dev/null || { tail -30 "$OUT/server.log"; exit 1; }
    sleep 1
  done
  grep -q "Reclaim is ready" "$OUT/server.log" || { echo "server not ready" >&2; exit 1; }
  grep -o 'sync .* of org bench completed.*' "$OUT/server.log" || true
fi

# wrk: RUNS runs of DURATION; prints the medians "rps p50 p99 errors(sum)".
measure() { # script connections [body]
  local out rps=() p50=() p99=() errors=0
  for _ in $(seq 1 "$RUNS"); do
    out=$(BODY="${3:-}" wrk -t1 -c"$2" -d"$DURATION" --latency -s "$1" "http://127.0.0.1:$HTTP_PORT" | grep RESULT)
    rps+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$out")")
    p50+=("$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$out")")
    p99+=("$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$out")")
    errors=$((errors + $(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$out")))
    # each run on stderr (the log), so the spread behind a median can be read afterwards
    echo "  $(basename "$1") c$2 $(printf %.48s "${3:-}"): rps=${rps[-1]} p50_ms=${p50[-1]} p99_ms=${p99[-1]}" >&2
  done
  printf '%s %s %s %s\n' "$(printf '%s\n' "${rps[@]}" | median)" \
    "$(printf '%s\n' "${p50[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)" "$errors"
}

if wants graphql; then
  log "item 3: GraphQL with wrk at 1, 4 and 16 connections"
  TOKEN=$(java -jar target/reclaim.jar mint-token --org bench --role VIEWER)
  export TOKEN
  USERS_Q='{"query":"query { users(first: 50, filter: {status: [ACTIVE], inactive: {days: 90, product: \"jira-software\"}}, orderBy: {field: LAST_ACTIVE, product: \"jira-software\"}) { totalCount edges { cursor node { accountId name email lastActive } } } }"}'
  TYPENAME_Q='{"query":"{ __typename }"}'
  QUERIES=("users(first: 50) filtered + ordered|$USERS_Q")
  if [ -f bench/dashboard.json ] && grep -qE '^[[:space:]]+dashboard[(:]' schema.graphqls; then
    QUERIES+=("dashboard|$(tr -d '\n' <bench/dashboard.json)")
  else
    echo "NOTE: dashboard skipped: bench/dashboard.json missing or the schema has no 'dashboard' field"
    row "3 graphql" "dashboard: skipped (no bench/dashboard.json or no dashboard field in the schema)" "-" "-" "-" "-" "" 0
  fi
  # Warm-up: the org's index and the JIT. C2 keeps compiling the GraphQL path for about a minute of
  # load on 2 cores (measured: 25-40 s of compiler CPU); with 5 s per query the first measurements
  # ran on half-compiled code.
  for q in "$TYPENAME_Q" "${QUERIES[@]#*|}"; do
    BODY="$q" wrk -t1 -c16 -d"${WARMUP:-20s}" -s bench/post.lua "http://127.0.0.1:$HTTP_PORT/graphql" >/dev/null
    answer=$(curl -s "http://127.0.0.1:$HTTP_PORT/graphql" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "$q")
    echo "${answer:0:160}"
  done
  for c in 1 4 16; do
    read -r t_rps t_p50 t_p99 t_err < <(measure bench/post.lua "$c" "$TYPENAME_Q")
    for entry in "${QUERIES[@]}"; do
      read -r rps p50 p99 err < <(measure bench/post.lua "$c" "${entry#*|}")
      r=$(calc '%.2f' "$rps/$t_rps")
      # Issue 8 sets the users page's target at 16 connections (ratio and p99 together); at 1 and 4
      # the figures are measured and shown beside the ceiling, with no verdict of their own.
      target="- (set at 16)"
      pass=""
      if [ "${entry%%|*}" = dashboard ]; then
        target="-" # measured and compared, as issue 8 asks; its targets name the users page only
      elif [ "$c" = 16 ]; then
        target=">= 0.50, p99 <= 50 ms"
        pass=$(awk -v r="$r" -v p="$p99" -v e="$err" 'BEGIN {print (r >= 0.5 && p <= 50 && e == 0) ? "PASS" : "FAIL"}')
      fi
      row "3 graphql" "${entry%%|*}, $c conn: req/s (p50 / p99 ms; $err errors)" \
        "$(fmt "$rps") ($p50 / $p99)" "$(fmt "$t_rps") ($t_p50 / $t_p99) { __typename }" \
        "$r" "$target" "$pass" "$RUNS"
    done
  done
fi

if wants scim; then
  log "item 5: SCIM (seed 10,000 users, 10,000-member PATCH, mixed workload with wrk)"
  ADMIN=$(java -jar target/reclaim.jar mint-token --org bench --role ADMIN)
  TOKEN=$(curl -s "http://127.0.0.1:$HTTP_PORT/graphql" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' \
    -d '{"query":"mutation { createScimToken(input: {label: \"Bench IdP\"}) { secret } }"}' |
    sed -E 's/.*"secret":"([^"]+)".*/\1/')
  export TOKEN
  BASE="http://127.0.0.1:$HTTP_PORT/scim/v2"
  IDS_DIR=$OUT/scim
  rm -rf "$IDS_DIR" && mkdir -p "$IDS_DIR"
  export IDS_DIR
  node bench/scim-setup.mjs seed "$BASE" "$TOKEN" 10000 20 "$IDS_DIR"
  # Warm-up: three of each, so the timed runs see a compiled PATCH path (the first few take twice
  # as long as the last while the JIT works).
  node bench/scim-setup.mjs patch "$BASE" "$TOKEN" "$IDS_DIR" 10000 3 - excludedAttributes=members >/dev/null
  PATCH_RUNS=$((RUNS < 7 ? 7 : RUNS))
  node bench/scim-setup.mjs patch "$BASE" "$TOKEN" "$IDS_DIR" 10000 "$PATCH_RUNS" - excludedAttributes=members |
    tee "$IDS_DIR/patch.txt"
  patch_ms=$(sed -nE 's/^RESULT query=- .*median_ms=([0-9]+).*/\1/p' "$IDS_DIR/patch.txt")
  lean_ms=$(sed -nE 's/^RESULT query=excludedAttributes=members .*median_ms=([0-9]+).*/\1/p' "$IDS_DIR/patch.txt")
  cat >"$IDS_DIR/ceiling.lua" <<'LUA'
wrk.path = "/scim/v2/ServiceProviderConfig"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
LUA
  wrk -t1 -c4 -d5s -s bench/scim-mixed.lua "http://127.0.0.1:$HTTP_PORT" >/dev/null # warm-up
  for c in 1 16; do
    read -r t_rps t_p50 t_p99 _ < <(measure "$IDS_DIR/ceiling.lua" "$c")
    read -r rps p50 p99 err < <(measure bench/scim-mixed.lua "$c")
    target="-"
    pass=""
    if [ "$c" = 16 ]; then
      target=">= 250 req/s"
      pass=$(awk -v v="$rps" -v e="$err" 'BEGIN {print (v >= 250 && e == 0) ? "PASS" : "FAIL"}')
    fi
    row "5 scim" "mixed IdP workload (60% filter GET, 20% user PATCH, 20% member PATCH), $c conn: req/s (p50 / p99 ms; $err errors)" \
      "$(fmt "$rps") ($p50 / $p99)" "$(fmt "$t_rps") ($t_p50 / $t_p99) GET /ServiceProviderConfig" \
      "$(calc '%.2f' "$rps/$t_rps")" "$target" "$pass" "$RUNS"
  done
  row "5 scim" "one PATCH adding 10,000 members to a group, answered with the group and its 10,000 members (ms)" \
    "$(fmt "$patch_ms")" "-" "-" \
    "< 1,000 ms" "$(awk -v v="$patch_ms" 'BEGIN {print (v < 1000) ? "PASS" : "FAIL"}')" "$PATCH_RUNS"
  row "5 scim" "the same PATCH with ?excludedAttributes=members (ms)" "$(fmt "$lean_ms")" "-" "-" "-" "" "$PATCH_RUNS"
fi
stop_server

# --- 6: README command 1 on the built tree, to a healthy server ----------------------------
if wants startup; then
  log "item 6: start-up (README command 1 on the built tree, an empty Cassandra node each run)"
  totals=() cassandras=() builds=() healthy=()
  for run in $(seq 1 "$RUNS"); do
    bash cassandra/cassandra.sh stop --dir "$START_DIR" >/dev/null
    rm -rf "$START_DIR/data" "$START_DIR/logs" "$START_DIR/conf"
    rm -f "$OUT/startup-$run.log"
    t0=$EPOCHREALTIME
    ./mvnw -q -B -DskipTests package
    t1=$EPOCHREALTIME
    java -jar target/reclaim.jar --server.port="$HTTP_PORT" \
      --reclaim.simulator.port="$SIM_PORT" --reclaim.cassandra.local.port="$START_CQL_PORT" \
      --reclaim.cassandra.local.storage-port="$START_STORAGE_PORT" \
      --reclaim.cassandra.local.dir="$START_DIR" >"$OUT/startup-$run.log" 2>&1 &
    SERVER=$!
    up=
    for _ in $(seq 1 1200); do
      if [ -z "$up" ] && [[ $(curl -sf "127.0.0.1:$HTTP_PORT/actuator/health" 2>/dev/null) == *'"status":"UP"'* ]]; then
        up=$EPOCHREALTIME
      fi
      grep -q "Reclaim is ready" "$OUT/startup-$run.log" && [ -n "$up" ] && break
      kill -0 $SERVER 2>/dev/null || { tail -30 "$OUT/startup-$run.log"; exit 1; }
      sleep 0.1
    done
    t2=$EPOCHREALTIME
    cass=$(sed -nE '/answering CQL at/{s/.* after ([0-9.]+) s.*/\1/p;q}' "$OUT/startup-$run.log")
    stop_server
    totals+=("$(calc '%.2f' "${t2/,/.} - ${t0/,/.}")")
    builds+=("$(calc '%.2f' "${t1/,/.} - ${t0/,/.}")")
    healthy+=("$(calc '%.2f' "${up/,/.} - ${t0/,/.}")")
    cassandras+=("${cass:-0}")
    echo "start-up run $run: command 1 ${totals[-1]} s (build ${builds[-1]} s, Cassandra to CQL ${cassandras[-1]} s, health UP at ${healthy[-1]} s, ready line at ${totals[-1]} s)"
  done
  bash cassandra/cassandra.sh stop --dir "$START_DIR" >/dev/null
  total=$(printf '%s\n' "${totals[@]}" | median)
  cass=$(printf '%s\n' "${cassandras[@]}" | median)
  build=$(printf '%s\n' "${builds[@]}" | median)
  health=$(printf '%s\n' "${healthy[@]}" | median)
  row "6 start-up" "README command 1 on a built tree to 'Reclaim is ready' (s); health UP at $health s, build step $build s" \
    "$total" "Cassandra's share: $cass s (empty node to CQL)" "$(calc '%.2f' "$cass/$total")" "< 45 s" \
    "$(awk -v v="$total" 'BEGIN {print (v < 45) ? "PASS" : "FAIL"}')" "$RUNS"
fi

# --- the table ---------------------------------------------------------------------------------
{
  echo "Reclaim benchmarks: $STARTED, commit $COMMIT"
  echo "machine: $MACHINE (shared: compare the ratios, each figure a median of the runs shown)"
  echo "items: ${ITEMS[*]}; RUNS=$RUNS DURATION=$DURATION EXEC_RATE=$EXEC_RATE"
  echo
  echo "| item | figure | value | ceiling (same run) | ratio | target | result | runs |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, ($7 == "" ? "-" : $7), $8}' "$RESULTS"
} >"$OUT/table.md"
echo
cat "$OUT/table.md"
if [ ${#ITEMS[@]} -eq ${#ALL[@]} ]; then
  cp "$OUT/table.md" bench/RESULTS.md
  echo
  echo "(written to bench/RESULTS.md)"
fi
