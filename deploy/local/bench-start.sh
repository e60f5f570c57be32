#!/usr/bin/env bash
# How fast the local stack starts (docs/benchmarks.md). Prints, for each run:
#   fresh clone   git clone of this commit, then up.sh (the build included), then the printed curl line's send
#                 until the mail is at the SMTP sink
#   fresh state   the same built clone with a new state directory and database: up.sh, send, mail at the sink
#   restart       down.sh, then up.sh with that state kept: up.sh, send, mail at the sink
#   down          down.sh after the restart, and whether any port of the stack is still listening
# and the load average beside each figure. Every run has its own clone, MINTPOST_HOME and database, all removed
# at the end. Heavy: run it alone (flock /tmp/mintpost-heavy.lock deploy/local/bench-start.sh).
#
#   deploy/local/bench-start.sh [--runs N] [--baseline] [--timings]
#     --baseline   measure main's up.sh and down.sh (the same clone with main's deploy/local scripts)
#     --timings    print up.sh's split of each start too (up.sh --timings; main's up.sh has none)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=1 BASELINE=no SPLIT=no
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --baseline) BASELINE=yes ;;
    --timings) SPLIT=yes ;;
    *) echo "unknown option $1 (known: --runs N, --baseline, --timings)" >&2; exit 2 ;;
  esac
  shift
done
COMMIT=$(git -C "$ROOT" rev-parse HEAD)
PORTS=(8080 8081 8082 8083 8084 9092 9093 1025 8025 2525 587 2465)
WORK=$(mktemp -d /tmp/mintpost-bench-start.XXXXXX)
CLONE="" HOME1="" HOME2="" DB1="" DB2=""

now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }
secs() { printf '%d.%01d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }
load() { cut -d' ' -f1 /proc/loadavg; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
listening() { local p out=""; for p in "${PORTS[@]}"; do port_open "$p" && out+=" $p"; done; echo "${out:- none}"; }

cleanup() {
  local h
  for h in "$HOME1" "$HOME2"; do
    [ -n "$h" ] && [ -n "$CLONE" ] && MINTPOST_HOME=$h "$CLONE/deploy/local/down.sh" >/dev/null 2>&1 || true
  done
  for db in "$DB1" "$DB2"; do
    [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# up.sh in the clone with this state, then the printed curl line's send, then the mail at the sink
up_and_mail() { # home db rcpt
  local home=$1 db=$2 rcpt=$3 token code i
  (cd "$CLONE" && MINTPOST_HOME=$home MINTPOST_DB=$db deploy/local/up.sh --timings > "$WORK/up-$(basename "$home").log" 2>&1) \
    || { keep=/tmp/mintpost-bench-start-failed-$$-$(basename "$home"); mkdir -p "$keep"
         cp -r "$home/logs" "$WORK/up-$(basename "$home").log" "$keep/" 2>/dev/null
         echo "    (logs kept in $keep)" >&2
         echo "    up.sh failed: $(grep -a 'error:' "$WORK/up-$(basename "$home").log" | tail -1)" >&2; return 1; }
  [ $SPLIT = no ] || sed -n '/^Timings/,/^  total/p' "$WORK/up-$(basename "$home").log" | sed 's/^/    /'
  token=$(cat "$home/run/project-token")
  for i in $(seq 0 200); do # a refusal right after up.sh returned is counted and printed: it should be none
    code=$(curl -sS -o "$WORK/send.json" -w '%{http_code}' -X POST http://127.0.0.1:8080/v1/send \
      -H 'Content-Type: application/json' -H "x-lettermint-token: $token" \
      -d "{\"from\": \"You <you@example.com>\", \"to\": [\"$rcpt\"], \"subject\": \"Hello\", \"text\": \"Sent.\"}")
    [ "$code" = 202 ] || [ "$code" = 200 ] && break
    echo "    the printed curl line answered $code right after up.sh returned: $(cat "$WORK/send.json")" >&2
    sleep 0.05
  done
  [ "$code" = 202 ] || [ "$code" = 200 ] || { echo "    the printed curl line never delivered" >&2; return 1; }
  for i in $(seq 1 3000); do
    curl -fsS "http://127.0.0.1:8025/api/user/$rcpt/messages/INBOX" 2>/dev/null | grep -q '"subject"' && return 0
    sleep 0.02
  done
  echo "    the mail to $rcpt did not reach the sink in 60 s" >&2; return 1
}

timed_down() { # home -> prints ms
  local t0; t0=$(now_ms)
  (cd "$CLONE" && MINTPOST_HOME=$1 deploy/local/down.sh > "$WORK/down.log" 2>&1)
  echo $(($(now_ms) - t0))
}

label=$([ $BASELINE = yes ] && echo "main's up.sh (baseline)" || echo "up.sh of ${COMMIT:0:12}")
echo "==> $label, $RUNS run(s); ports of the stack listening before: $(listening)"
for run in $(seq 1 "$RUNS"); do
  CLONE=$WORK/clone-$run HOME1=$WORK/home1-$run HOME2=$WORK/home2-$run
  DB1=mintpost_bench_start_${run}_a_$$ DB2=mintpost_bench_start_${run}_b_$$

  l=$(load); t0=$(now_ms)
  git clone -q --no-hardlinks "$ROOT" "$CLONE" && git -C "$CLONE" checkout -q "$COMMIT"
  if [ $BASELINE = yes ]; then
    for f in up.sh down.sh machine-services.sh CreateTopics.java tools.pom.xml; do
      git -C "$ROOT" show "main:deploy/local/$f" > "$CLONE/deploy/local/$f"
    done
  fi
  up_and_mail "$HOME1" "$DB1" "first-$run@example.com" && r=$(secs $(($(now_ms) - t0))) || r="failed after $(secs $(($(now_ms) - t0)))"
  echo "run $run: fresh clone -> first mail (build included)   $r   load $l"
  d=$(timed_down "$HOME1")
  echo "run $run: down.sh after the first start   $(secs "$d")"

  l=$(load); t0=$(now_ms)
  up_and_mail "$HOME2" "$DB2" "fresh-$run@example.com" && r=$(secs $(($(now_ms) - t0))) || r="failed after $(secs $(($(now_ms) - t0)))"
  echo "run $run: built tree, fresh state -> mail delivered   $r   load $l"
  timed_down "$HOME2" > /dev/null

  l=$(load); t0=$(now_ms)
  up_and_mail "$HOME2" "$DB2" "restart-$run@example.com" && r=$(secs $(($(now_ms) - t0))) || r="failed after $(secs $(($(now_ms) - t0)))"
  echo "run $run: restart, state kept -> mail delivered       $r   load $l"

  l=$(load); d=$(timed_down "$HOME2")
  echo "run $run: down.sh                                      $(secs "$d")   load $l; listening after: $(listening)"
done
