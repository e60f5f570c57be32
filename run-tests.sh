#!/usr/bin/env bash
# Runs every test of the suite: unit tests, each service against real PostgreSQL, Kafka and Redis,
# and the system tests that drive the packaged services end to end.
# Needs nothing started by hand: the Kafka broker is started by the tests themselves; the machine's
# PostgreSQL and Redis are started here if they are installed but stopped. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
source deploy/local/machine-services.sh

echo "==> Checking the machine"
command -v java >/dev/null || { echo "error: java 17 is needed (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "error: node and npm are needed for the official SDK tests (apt-get install nodejs npm)" >&2; exit 1; }
ensure_postgres
ensure_redis

echo "==> ./mvnw verify"
exec ./mvnw -B -ntp verify "$@"
