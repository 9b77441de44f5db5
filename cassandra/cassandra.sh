#!/usr/bin/env bash
# Local single-node Apache Cassandra 5.0.9 for development and tests, run as its own JVM.
#
#   cassandra/cassandra.sh start  [--dir DIR] [--port NATIVE] [--storage-port P] [--fast|--durable]
#                                 [--heap 1g] [--timeout SECONDS] [--jmx-port P] [--no-cds]
#   cassandra/cassandra.sh stop   [--dir DIR]
#   cassandra/cassandra.sh status [--dir DIR] [--port NATIVE]
#
# Defaults: DIR=<repo>/.local/cassandra (git-ignored, outside target/), NATIVE=9042, STORAGE=7000,
# --fast, heap 1g, timeout 120 s, no JMX. The node listens on 127.0.0.1 only.
#
# start   reuses whatever already answers CQL at 127.0.0.1:NATIVE; otherwise resolves the server
#         classpath with Maven (cassandra/launcher/pom.xml, cached in DIR/classpath.txt), writes
#         DIR/conf from cassandra/conf, starts the JVM detached (pid in DIR/cassandra.pid, data in
#         DIR/data, logs in DIR/logs) and waits until a CQL handshake succeeds.
#         --fast (default) adds flags that drop fsync durability: dev/test only. --durable omits them.
#         AppCDS: the first start records DIR/cassandra.jsa when the JVM exits (about 3 s more on
#         stop); later starts use it (about 2 s faster). --no-cds neither uses nor records one.
# stop    SIGTERM to the pid in DIR/cassandra.pid, SIGKILL after 30 s. Exit 0 if nothing ran.
# status  exit 0 if CQL answers at the port, 1 if the node runs but does not answer, 3 if neither.
#
# Environment: CASSANDRA_JAVA (java binary to use, must be Java 17 or 11), MVN (Maven command;
# default mvn, else the repository's ./mvnw).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
CASSANDRA_VERSION=5.0.9
LAUNCHER_POM=$SCRIPT_DIR/launcher/pom.xml
CONF_SRC=$SCRIPT_DIR/conf
STOP_WAIT_SECONDS=30
LOG_OFFSET=0

# Speed-up flags for a throwaway node. GOSSIP is safe for a single node and always used;
# UNSAFE drops durability (no fsync, unsafe system keyspace) and is only used with --fast.
GOSSIP_FLAGS=(-Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=100
  -Dcassandra.superuser_setup_delay_ms=0 -Dcassandra.shutdown_announce_in_ms=0)
UNSAFE_FLAGS=(-Dcassandra.unsafesystem=true -Dcassandra.test.flush_local_schema_changes=false
  -Dcassandra.skip_sync=true -Dcassandra.skip_paxos_state_rebuild=true
  -Dcassandra.test.messagingService.nonGracefulShutdown=true)
CDS_UNLOCK=(-XX:+UnlockDiagnosticVMOptions -XX:+AllowArchivingWithJavaAgent)

die() { echo "cassandra.sh: $*" >&2; exit 1; }

usage() { sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

now() { local t=$EPOCHREALTIME; echo "${t/,/.}"; }

seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# True while the process exists and is not a finished zombie (PID 1 may be slow to reap
# orphans; a zombie leader whose other threads are still exiting counts as running).
proc_running() {
  local pid=$1 state tasks
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  state=$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != X ]] || return 1
  [[ $state != Z ]] && return 0
  tasks=$(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  ((tasks > 1))
}

# True if pid is a running Cassandra whose data lives in this DIR.
is_our_cassandra() {
  local pid=$1 cmdline
  proc_running "$pid" || return 1
  cmdline=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  grep -qx 'org.apache.cassandra.service.CassandraDaemon' <<<"$cmdline" &&
    grep -qxF -- "-Dcassandra.storagedir=$DIR/data" <<<"$cmdline"
}

read_pid() { if [[ -f $DIR/cassandra.pid ]]; then tr -dc '0-9' <"$DIR/cassandra.pid"; fi; }

# shellcheck disable=SC2016 # $1 expands in the inner bash
tcp_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# A real CQL handshake: send an OPTIONS frame (protocol v4) and expect a SUPPORTED reply.
# shellcheck disable=SC2016 # $1 expands in the inner bash
cql_answers() {
  local reply
  reply=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x04\x00\x00\x00\x05\x00\x00\x00\x00" >&3
    head -c 5 <&3 | od -An -tx1' _ "$1" 2>/dev/null) || return 1
  [[ ${reply//[[:space:]]/} == 8400000006 ]] # v4 response, stream 0, opcode SUPPORTED
}

# Last 30 lines this start wrote to system.log (it is appended to across starts) and stdout.log.
print_logs() {
  local log=$DIR/logs/system.log from=1
  if [[ -f $log ]] && (($(stat -c %s "$log") >= LOG_OFFSET)); then from=$((LOG_OFFSET + 1)); fi
  if [[ -s $log ]] && (($(tail -c +"$from" "$log" | wc -c) > 0)); then
    echo "--- last 30 lines of $log ---" >&2
    tail -c +"$from" "$log" | tail -n 30 >&2
  fi
  if [[ -s $DIR/logs/stdout.log ]]; then
    echo "--- last 30 lines of $DIR/logs/stdout.log ---" >&2
    tail -n 30 "$DIR/logs/stdout.log" >&2
  fi
}

# Cassandra 5.0 runs on Java 11 or 17; prefer the machine's Java 17 even if JAVA_HOME is newer.
resolve_java() {
  local candidate version release
  for candidate in "${CASSANDRA_JAVA:-}" /usr/lib/jvm/java-17-openjdk-amd64/bin/java \
    /usr/lib/jvm/java-17-openjdk/bin/java /usr/lib/jvm/temurin-17-jdk-amd64/bin/java \
    "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
    [[ -n $candidate && -x $candidate ]] || continue
    release="$(dirname "$(dirname "$(readlink -f "$candidate")")")/release"
    if [[ -f $release ]]; then
      version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    else
      version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    if [[ $version == 17 || $version == 11 ]]; then
      JAVA=$candidate
      return
    fi
    echo "cassandra.sh: skipping $candidate (Java $version; Cassandra $CASSANDRA_VERSION needs 17 or 11)" >&2
  done
  die "no Java 17 found (install openjdk-17-jdk-headless or set CASSANDRA_JAVA)"
}

# Server classpath, cached in DIR/classpath.txt and keyed by the launcher pom's checksum.
resolve_classpath() {
  local key jar ok=1
  key=$(sha256sum "$LAUNCHER_POM" | cut -d' ' -f1)
  if [[ -s $DIR/classpath.txt && -f $DIR/classpath.key && $(<"$DIR/classpath.key") == "$key" ]]; then
    CLASSPATH_VALUE=$(<"$DIR/classpath.txt")
    IFS=: read -ra JARS <<<"$CLASSPATH_VALUE"
    for jar in "${JARS[@]}"; do [[ -f $jar ]] || { ok=0; break; }; done
    ((ok)) && return
  fi
  echo "resolving the Cassandra $CASSANDRA_VERSION classpath with Maven (cached afterwards)"
  rm -f "$DIR/classpath.key"
  local mvn=${MVN:-mvn}
  if ! command -v "$mvn" >/dev/null && [[ -z ${MVN:-} && -x $REPO_DIR/mvnw ]]; then mvn=$REPO_DIR/mvnw; fi
  if ! "$mvn" -q -B -f "$LAUNCHER_POM" dependency:build-classpath \
    -Dmdep.outputFile="$DIR/classpath.txt.tmp" >"$DIR/logs/maven.log" 2>&1; then
    tail -n 30 "$DIR/logs/maven.log" >&2
    die "Maven could not resolve org.apache.cassandra:cassandra-all:$CASSANDRA_VERSION"
  fi
  mv -f "$DIR/classpath.txt.tmp" "$DIR/classpath.txt"
  echo "$key" >"$DIR/classpath.key"
  CLASSPATH_VALUE=$(<"$DIR/classpath.txt")
  IFS=: read -ra JARS <<<"$CLASSPATH_VALUE"
}

# AppCDS: use DIR/cassandra.jsa if this JVM accepts it with this classpath; otherwise record a
# new one when this JVM exits (written to .new, promoted by stop or by the next start).
# The archive is checked first (about 0.1 s): Java only warns about a mismatched archive, but a
# truncated one (JVM killed while dumping) crashes it. VerifySharedSpaces checks its CRCs.
choose_cds() {
  local jsa=$DIR/cassandra.jsa
  [[ -s $jsa.new ]] && mv -f "$jsa.new" "$jsa"
  rm -f "$jsa.new"
  if [[ -s $jsa ]] && (cd "$DIR/logs" && "$JAVA" "${CDS_UNLOCK[@]}" -XX:SharedArchiveFile="$jsa" \
    -XX:+VerifySharedSpaces -Xshare:on -XX:-CreateCoredumpOnCrash \
    -XX:ErrorFile="$DIR/logs/hs_err_cds_check.log" -cp "$CLASSPATH_VALUE" -version >/dev/null 2>&1); then
    CDS_OPTS=("${CDS_UNLOCK[@]}" "-XX:SharedArchiveFile=$jsa")
    CDS_STATE="using $jsa"
  else
    [[ -e $jsa ]] && echo "cassandra.sh: $jsa does not fit this JVM/classpath; recording a new one" >&2
    rm -f "$jsa"
    # -Xlog:cds=error hides the ~170 "Skipping class" warnings printed while dumping.
    CDS_OPTS=("${CDS_UNLOCK[@]}" "-XX:ArchiveClassesAtExit=$jsa.new" -Xlog:cds=error)
    CDS_STATE="recording $jsa at exit"
  fi
}

write_conf() {
  local esc
  mkdir -p "$DIR/conf/triggers" "$DIR/data" "$DIR/logs"
  esc=$(printf '%s' "$DIR" | sed 's/[\\&|]/\\&/g')
  sed -e "s|@NODE_DIR@|$esc|g" -e "s|@NATIVE_PORT@|$NATIVE_PORT|g" \
    -e "s|@STORAGE_PORT@|$STORAGE_PORT|g" "$CONF_SRC/cassandra.yaml" >"$DIR/conf/cassandra.yaml"
  cp "$CONF_SRC/jvm17.options" "$CONF_SRC/logback.xml" "$DIR/conf/"
}

# Waits until CQL answers at NATIVE_PORT while pid lives; prints the ready line or fails.
wait_for_cql() {
  local pid=$1 started=$2 deadline
  deadline=$(awk -v a="$started" -v t="$TIMEOUT" 'BEGIN { printf "%.3f", a + t }')
  while :; do
    if cql_answers "$NATIVE_PORT"; then
      echo "Cassandra $CASSANDRA_VERSION answering CQL at 127.0.0.1:$NATIVE_PORT after $(seconds_since "$started") s (pid $pid, data $DIR/data)"
      return 0
    fi
    if ! proc_running "$pid"; then
      echo "cassandra.sh: Cassandra (pid $pid) exited before answering CQL at 127.0.0.1:$NATIVE_PORT" >&2
      rm -f "$DIR/cassandra.pid"
      print_logs
      exit 1
    fi
    if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
      echo "cassandra.sh: no CQL answer at 127.0.0.1:$NATIVE_PORT within $TIMEOUT s; stopping pid $pid" >&2
      print_logs
      stop_pid "$pid" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

cmd_start() {
  local pid started recorded_port prefix=() speed=() jmx=() launcher=()

  # One start per DIR at a time: a second one waits here, then finds the node and reuses it.
  mkdir -p "$DIR"
  exec 9>"$DIR/start.lock"
  flock -w "$TIMEOUT" 9 || die "another start for $DIR holds $DIR/start.lock"

  pid=$(read_pid)
  if [[ -n $pid ]] && is_our_cassandra "$pid"; then
    recorded_port=$(cat "$DIR/native_port" 2>/dev/null || echo "$NATIVE_PORT")
    [[ $recorded_port == "$NATIVE_PORT" ]] ||
      die "Cassandra from $DIR already runs (pid $pid) on port $recorded_port, not $NATIVE_PORT"
    if cql_answers "$NATIVE_PORT"; then
      echo "reusing Cassandra already answering at 127.0.0.1:$NATIVE_PORT"
      return 0
    fi
    echo "Cassandra from $DIR (pid $pid) is still starting; waiting"
    wait_for_cql "$pid" "$(now)"
    return 0
  fi

  if tcp_open "$NATIVE_PORT"; then
    cql_answers "$NATIVE_PORT" ||
      die "127.0.0.1:$NATIVE_PORT accepts TCP but does not answer a CQL handshake; choose another --port"
    echo "reusing Cassandra already answering at 127.0.0.1:$NATIVE_PORT"
    return 0
  fi
  tcp_open "$STORAGE_PORT" &&
    die "storage port 127.0.0.1:$STORAGE_PORT is in use (another node?); choose another --storage-port"

  mkdir -p "$DIR/logs"
  rm -f "$DIR/cassandra.pid"
  resolve_java
  resolve_classpath
  for JAMM in "${JARS[@]}" ''; do [[ $JAMM == */jamm-*.jar ]] && break; done
  [[ -n $JAMM ]] || die "no jamm jar in the Cassandra classpath ($DIR/classpath.txt)"
  if ((CDS)); then choose_cds; else CDS_OPTS=(); CDS_STATE=off; fi
  write_conf

  if ((FAST)); then speed=("${GOSSIP_FLAGS[@]}" "${UNSAFE_FLAGS[@]}"); else speed=("${GOSSIP_FLAGS[@]}"); fi
  # No JMX unless asked (nodetool then needs -p PORT); the RMI server shares the port, as in
  # Cassandra's cassandra-env.sh, instead of opening a random one.
  [[ -n $JMX_PORT ]] && jmx=("-Dcassandra.jmx.local.port=$JMX_PORT" "-Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT")
  # As root, Cassandra's mlockall would pin the whole heap and cost seconds; drop CAP_IPC_LOCK.
  if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
    prefix=(setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock --)
  fi
  if command -v setsid >/dev/null; then launcher=(setsid -f); else launcher=(nohup); fi

  echo "starting Cassandra $CASSANDRA_VERSION in $DIR ($( ((FAST)) && echo fast || echo durable), heap $HEAP, CQL $NATIVE_PORT, storage $STORAGE_PORT, AppCDS: $CDS_STATE)"
  echo "$NATIVE_PORT" >"$DIR/native_port"
  : >"$DIR/logs/stdout.log"
  LOG_OFFSET=$(stat -c %s "$DIR/logs/system.log" 2>/dev/null || echo 0)
  started=$(now)
  # The inner bash writes its own pid, then execs (via setpriv) into java: the pid file holds
  # the JVM's pid. setsid -f detaches it from this terminal and session.
  (
    cd "$DIR"
    exec 9>&- # the JVM must not inherit (and hold) the start lock
    export MALLOC_ARENA_MAX=4
    # shellcheck disable=SC2016 # $$ and $1 expand in the inner bash
    "${launcher[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$DIR/cassandra.pid" \
      "${prefix[@]}" "$JAVA" "${CDS_OPTS[@]}" "@$DIR/conf/jvm17.options" \
      "-Xms$HEAP" "-Xmx$HEAP" "-javaagent:$JAMM" \
      "-XX:HeapDumpPath=$DIR/logs" "-XX:ErrorFile=$DIR/logs/hs_err_pid%p.log" \
      "-Dcassandra.config=file://$DIR/conf/cassandra.yaml" \
      "-Dlogback.configurationFile=file://$DIR/conf/logback.xml" \
      "-Dcassandra.logdir=$DIR/logs" "-Dcassandra.storagedir=$DIR/data" \
      "-Dcassandra.triggers_dir=$DIR/conf/triggers" -Dcassandra-foreground=yes \
      "${speed[@]}" "${jmx[@]}" \
      -cp "$CLASSPATH_VALUE" org.apache.cassandra.service.CassandraDaemon \
      </dev/null >>"$DIR/logs/stdout.log" 2>&1 &
  )
  for _ in $(seq 50); do [[ -s $DIR/cassandra.pid ]] && break; sleep 0.1; done
  pid=$(read_pid)
  [[ -n $pid ]] || { print_logs; die "the JVM did not start (no $DIR/cassandra.pid)"; }
  wait_for_cql "$pid" "$started"
}

# SIGTERM, wait, SIGKILL. Prints what happened.
stop_pid() {
  local pid=$1 started jsa=$DIR/cassandra.jsa
  started=$(now)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((STOP_WAIT_SECONDS * 10))); do
    proc_running "$pid" || break
    sleep 0.1
  done
  if proc_running "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 50); do proc_running "$pid" || break; sleep 0.1; done
    rm -f "$jsa.new" # possibly half written
    echo "Cassandra (pid $pid) did not stop within $STOP_WAIT_SECONDS s; killed it"
  else
    [[ -s $jsa.new ]] && mv -f "$jsa.new" "$jsa" && echo "recorded AppCDS archive $jsa"
    echo "stopped Cassandra (pid $pid, $DIR) in $(seconds_since "$started") s"
  fi
  rm -f "$DIR/cassandra.pid"
}

cmd_stop() {
  local pid
  pid=$(read_pid)
  if [[ -z $pid ]] || ! is_our_cassandra "$pid"; then
    rm -f "$DIR/cassandra.pid"
    echo "no Cassandra running from $DIR"
    return 0
  fi
  stop_pid "$pid"
}

cmd_status() {
  local pid running=0
  pid=$(read_pid)
  [[ -n $pid ]] && is_our_cassandra "$pid" && running=1
  if cql_answers "$NATIVE_PORT"; then
    if ((running)); then
      echo "Cassandra running from $DIR (pid $pid) and answering CQL at 127.0.0.1:$NATIVE_PORT"
    else
      echo "no Cassandra running from $DIR, but CQL answers at 127.0.0.1:$NATIVE_PORT (another node)"
    fi
    return 0
  fi
  if ((running)); then
    echo "Cassandra running from $DIR (pid $pid) but not answering CQL at 127.0.0.1:$NATIVE_PORT"
    return 1
  fi
  echo "no Cassandra running from $DIR, and nothing answers CQL at 127.0.0.1:$NATIVE_PORT"
  return 3
}

# ---- arguments ----
[[ $# -ge 1 ]] || usage
COMMAND=$1
shift
DIR=$REPO_DIR/.local/cassandra
NATIVE_PORT=
STORAGE_PORT=7000
FAST=1
HEAP=1g
TIMEOUT=120
JMX_PORT=
CDS=1
need() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) need "$@"; DIR=$2; shift 2 ;;
    --port) need "$@"; NATIVE_PORT=$2; shift 2 ;;
    --storage-port) need "$@"; STORAGE_PORT=$2; shift 2 ;;
    --fast) FAST=1; shift ;;
    --durable) FAST=0; shift ;;
    --heap) need "$@"; HEAP=$2; shift 2 ;;
    --timeout) need "$@"; TIMEOUT=$2; shift 2 ;;
    --jmx-port) need "$@"; JMX_PORT=$2; shift 2 ;;
    --no-cds) CDS=0; shift ;;
    -h | --help) usage ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done
[[ $DIR != *[[:space:]]* ]] || die "--dir must not contain whitespace: $DIR"
DIR=$(realpath -m -- "$DIR")
case $DIR/ in
  "$REPO_DIR"/target/* | */target/*) die "--dir must be outside target/ (mvn clean would delete it): $DIR" ;;
esac
if [[ -z $NATIVE_PORT ]]; then
  if [[ $COMMAND == status && -s $DIR/native_port ]]; then NATIVE_PORT=$(<"$DIR/native_port"); else NATIVE_PORT=9042; fi
fi
for port in "$NATIVE_PORT" "$STORAGE_PORT" ${JMX_PORT:+"$JMX_PORT"}; do
  if ! [[ $port =~ ^[0-9]+$ ]] || ((10#$port < 1 || 10#$port > 65535)); then die "not a port: $port"; fi
done
NATIVE_PORT=$((10#$NATIVE_PORT))
STORAGE_PORT=$((10#$STORAGE_PORT))
[[ -z $JMX_PORT ]] || JMX_PORT=$((10#$JMX_PORT))
[[ $HEAP =~ ^[0-9]+[kKmMgG]?$ ]] || die "--heap wants a JVM size like 1g or 768m, not $HEAP"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds, not $TIMEOUT"

case $COMMAND in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) usage ;;
  *) die "unknown command $COMMAND (start, stop or status)" ;;
esac
