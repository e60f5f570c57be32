#!/usr/bin/env bash
# The whole local stack under load, with Postfix's smtp-sink as the upstream SMTP server (docs/benchmarks.md):
# idle send latency beside /v1/ping, then each offered rate for BENCH_SECONDS: accepted, delivered,
# accepted -> delivered p50/p99, the worker's consumer lag, CPU seconds per 1,000 mails of every process.
# Every run starts on its own state (MINTPOST_HOME, MINTPOST_DB), so no earlier backlog is measured, and stops
# what it started. Heavy: run it alone (flock /tmp/mintpost-heavy.lock deploy/local/bench.sh).
#
#   BENCH_RATES=500,1000,2000  BENCH_SECONDS=60  BENCH_SINK_PORT=2626
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
command -v smtp-sink >/dev/null || { echo "smtp-sink is needed: apt-get install -y postfix" >&2; exit 1; }
RATES=${BENCH_RATES:-500,1000,2000}
export MINTPOST_HOME=${MINTPOST_HOME:-$(mktemp -d /tmp/mintpost-bench.XXXXXX)}
export MINTPOST_DB=${MINTPOST_DB:-mintpost_bench_$$}
SINK_PORT=${BENCH_SINK_PORT:-2626}
mkdir -p "$MINTPOST_HOME/run" "$MINTPOST_HOME/logs"

cleanup() {
  deploy/local/down.sh > "$MINTPOST_HOME/logs/down.log" 2>&1 || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $MINTPOST_DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# the upstream: smtp-sink as a process of the stack (down.sh stops it; its CPU is counted with the others)
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 1024 > /dev/null 2>&1 &
echo $! > "$MINTPOST_HOME/run/smtp-sink.pid"
export MINTPOST_UPSTREAM_HOST=127.0.0.1 MINTPOST_UPSTREAM_PORT=$SINK_PORT
# the load comes from one token: the per-token and per-project limits must not be what is measured
export MINTPOST_RATE_LIMIT_PER_TOKEN_PER_SECOND=1000000 MINTPOST_RATE_LIMIT_PER_PROJECT_PER_SECOND=1000000
# throughput figures want the full JIT, not up.sh's quick-start JVM options
export MINTPOST_JAVA_OPTS=${MINTPOST_JAVA_OPTS:--XX:+UseSerialGC}

echo "==> starting the stack (state in $MINTPOST_HOME, database $MINTPOST_DB)"
deploy/local/up.sh > "$MINTPOST_HOME/logs/up.log" 2>&1 || { tail -20 "$MINTPOST_HOME/logs/up.log"; exit 1; }
echo "==> load average $(cut -d' ' -f1-3 /proc/loadavg); offered rates $RATES, ${BENCH_SECONDS:-60} s each"
# the contracts' own dependencies (Jackson's modules) beside the broker's client jars
DEPS=$(./mvnw -q -o -pl contracts dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null)
java -Xmx512m -cp "$(ls contracts/target/contracts-*.jar | head -1):$DEPS:$ROOT/target/local-stack/tools/kafka/*" \
  -Dlog4j2.configurationFile="$MINTPOST_HOME/kafka/log4j2.properties" deploy/local/SuiteBench.java \
  http://127.0.0.1:8080/v1 "$(cat "$MINTPOST_HOME/run/project-token")" 127.0.0.1:9092 "$MINTPOST_HOME/run" \
  "$RATES" "${BENCH_SECONDS:-60}"
echo "==> load average $(cut -d' ' -f1-3 /proc/loadavg)"
