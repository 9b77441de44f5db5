#!/usr/bin/env bash
# Sync ingest benchmark: a FULL sync of a 100,000-user simulated org into Cassandra (users/s) next
# to the raw batched-write ceiling measured in the same run. Not part of the test suite.
#   bench/sync.sh            (USERS=100000 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-100000}
RUNS=${RUNS:-3}
CQL_PORT=${CQL_PORT:-39042}
mkdir -p .local
bash cassandra/cassandra.sh start --dir .local/cassandra-bench --port "$CQL_PORT" --storage-port 37000
MAVEN_OPTS="-Xms2g -Xmx4g" ./mvnw -q -B test-compile exec:java \
  -Dexec.mainClass=app.reclaim.bench.SyncBenchmark -Dexec.classpathScope=test \
  -Dbench.users="$USERS" -Dbench.runs="$RUNS" -Dbench.cql-port="$CQL_PORT"
