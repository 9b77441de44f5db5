#!/usr/bin/env bash
# Preview benchmark: a typical rule over a 100,000-user org, cold and warm, next to the raw read
# of all its user rows with parallel paging, measured in the same run. Not part of the test suite.
#   bench/preview.sh         (USERS=100000 RUNS=3; USERS=1000000 for the large org)
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-100000}
RUNS=${RUNS:-3}
CQL_PORT=${CQL_PORT:-39042}
mkdir -p .local
bash cassandra/cassandra.sh start --dir .local/cassandra-bench --port "$CQL_PORT" --storage-port 37000
MAVEN_OPTS="-Xms2g -Xmx4g" ./mvnw -q -B test-compile exec:java \
  -Dexec.mainClass=app.reclaim.bench.PreviewBenchmark -Dexec.classpathScope=test \
  -Dbench.users="$USERS" -Dbench.runs="$RUNS" -Dbench.cql-port="$CQL_PORT"
