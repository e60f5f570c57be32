# Sourced by up.sh and run-tests.sh: makes sure the machine's PostgreSQL (127.0.0.1:5432) and Redis
# (127.0.0.1:6379) are running, starting them where they are installed but stopped.

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds what
  local deadline=$((SECONDS + $2))
  until port_open "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "error: $3 did not start listening on $1 in $2 s" >&2; return 1; }
    sleep 0.5
  done
}

ensure_postgres() {
  port_open 5432 && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "    PostgreSQL is not running: starting the machine's cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || {
      echo "error: could not start PostgreSQL with pg_ctlcluster" >&2; return 1; }
    wait_port 5432 30 PostgreSQL
  else
    echo "error: PostgreSQL is not running on 127.0.0.1:5432 and is not installed (apt-get install postgresql)" >&2
    return 1
  fi
}

ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null || {
    echo "error: Redis is not running on 127.0.0.1:6379 and is not installed (apt-get install redis-server)" >&2
    return 1; }
  echo "    Redis is not running: starting it"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp \
    --logfile "${1:-/tmp/redis.log}" || { echo "error: could not start redis-server" >&2; return 1; }
  wait_port 6379 15 Redis
}
