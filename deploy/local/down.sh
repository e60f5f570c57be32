#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started: the four services, the SMTP sink and Kafka
# (in that order, so the services can commit their work before the broker goes).
# The machine's own PostgreSQL and Redis are left running. Data stays under .local/ (remove it
# for a fresh start).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${MINTPOST_HOME:-$ROOT/.local}/run

stop() { # name
  local file=$RUN/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    printf '==> stopping %s (pid %s)\n' "$1" "$pid"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "    did not stop within 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$file"
}

for name in send-gateway dispatch-worker webhook-service audit-service token-service smtp-sink kafka; do
  stop "$name"
done
echo "stopped"
