#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started: the services together first (so they can commit their work
# while the broker is still there), then the SMTP sink and Kafka together. Each gets SIGTERM and a few
# seconds; what is still running then is killed. Ends by checking that nothing of the stack still listens.
# The machine's own PostgreSQL and Redis are left running. Data stays under .local/ (remove it
# for a fresh start).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${MINTPOST_HOME:-$ROOT/.local}/run

stop_all() { # seconds name...: SIGTERM to each, wait for all together, SIGKILL what is left
  local seconds=$1 name pid pids=() left tries=0 t0=${EPOCHREALTIME//[!0-9]/}; shift
  for name in "$@"; do
    [ -f "$RUN/$name.pid" ] || continue
    pid=$(cat "$RUN/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      printf '==> stopping %s (pid %s)\n' "$name" "$pid"
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$RUN/$name.pid"
  done
  while [ ${#pids[@]} -gt 0 ]; do
    left=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    pids=(${left[@]+"${left[@]}"})
    [ ${#pids[@]} -eq 0 ] && break
    if [ $tries -ge $((seconds * 20)) ]; then
      echo "    still running after $seconds s: killing pid ${pids[*]}"
      kill -KILL "${pids[@]}" 2>/dev/null
      sleep 0.1
      break
    fi
    tries=$((tries + 1)); sleep 0.05
  done
  [ $tries -eq 0 ] || echo "    $* stopped in $(((${EPOCHREALTIME//[!0-9]/} - t0) / 1000)) ms"
}

stop_all 3 send-gateway dispatch-worker webhook-service audit-service token-service
stop_all 2 smtp-sink kafka

source "$ROOT/deploy/local/machine-services.sh"
still=""
for port in 8080 8081 8082 8083 8084 2525 587 2465 "${KAFKA_PORT:-9092}" "$((${KAFKA_PORT:-9092} + 1))" \
    "${SINK_SMTP_PORT:-1025}" "${SINK_API_PORT:-8025}"; do
  port_open "$port" && still+=" $port"
done
if [ -n "$still" ]; then
  echo "stopped what up.sh started; still listening (another program?):$still"
else
  echo "stopped; nothing of the stack is listening"
fi
