#!/usr/bin/env bash
# Starts the whole suite on this machine and returns when every part is ready:
#   a real Apache Kafka broker (KRaft), the machine's PostgreSQL and Redis, an SMTP sink
#   (unless MINTPOST_UPSTREAM_HOST is set), and the five services.
# Then prints the base URL, a team token, a project token and a curl line that sends a mail.
#
#   deploy/local/up.sh            build what is missing, start, print
#   deploy/local/up.sh --build    rebuild the services first
#   deploy/local/up.sh --timings  print how long each phase took at the end
#   deploy/local/down.sh          stop everything this script started
#
# Environment:
#   LETTERMINT_BOOTSTRAP_TEAM_TOKEN   the first team token (on first start of an empty database)
#   MINTPOST_UPSTREAM_HOST / _PORT       deliver to this SMTP server instead of the local sink
#   MINTPOST_HOME                     where state and logs go (default: <repo>/.local)
#   MINTPOST_MAX_JOB_BYTES            the largest job the edge accepts (default 41943040, 40 MiB); the broker,
#                                     the job topics and the worker's producer follow it (contracts' Topics)
#   MINTPOST_DNS_SERVERS              host:port,... the DNS servers domain verification asks (default: the machine's)
#   MINTPOST_BOUNCES_DOMAIN           the return-path CNAME target of every domain (default: bounces.localhost)
#   MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN  true: a From only on a verified domain (default here: false)
#   MINTPOST_JAVA_OPTS                the JVM options of every process started here (default: C1 only, serial GC)
#   MINTPOST_TRUSTED_WORKLOADS_ISSUERS  OIDC issuers trust policies may name (default: GitHub Actions, GitLab.com);
#                                     add a test or cluster issuer here (docs/keyless.md)
#   MINTPOST_TRUSTED_WORKLOADS_ALLOW_INSECURE_ISSUERS  http:// issuers allowed (default here: true; k8s/: false)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HOME_DIR=${MINTPOST_HOME:-$ROOT/.local}
LOGS=$HOME_DIR/logs
RUN=$HOME_DIR/run
KEYS=$HOME_DIR/keys
KAFKA_PORT=${KAFKA_PORT:-9092}
SINK_SMTP_PORT=${SINK_SMTP_PORT:-1025}
SINK_API_PORT=${SINK_API_PORT:-8025}
DB_NAME=${MINTPOST_DB:-mintpost}
MAX_JOB_BYTES=${MINTPOST_MAX_JOB_BYTES:-41943040}
# what a worker adds to a job it puts back (contracts' Topics.JOB_RECORD_HEADROOM)
JOB_RECORD_BYTES=$((MAX_JOB_BYTES + 65536))
PGHOST_ADDR=127.0.0.1
PGPORT_NUM=5432
export MINTPOST_HOME=$HOME_DIR

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# --timings: each phase's wall time, printed at the end
BUILD_FLAG=no TIMINGS=no
for arg in "$@"; do
  case $arg in
    --build) BUILD_FLAG=yes ;;
    --timings) TIMINGS=yes ;;
    *) fail "unknown option $arg (known: --build, --timings)" ;;
  esac
done
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((t / 1000)); }
START_MS=$(now_ms) PHASE_NAME="" PHASE_MS=0 PHASES=()
phase() { # name: ends the running phase, starts this one ("" ends only)
  local t; t=$(now_ms)
  [ -n "$PHASE_NAME" ] && PHASES+=("$PHASE_NAME|$((t - PHASE_MS))")
  PHASE_NAME=$1 PHASE_MS=$t
}
print_timings() {
  phase ""
  [ $TIMINGS = yes ] || return 0
  local row end; end=$(now_ms)
  echo "Timings (ms):"
  for row in "${PHASES[@]}"; do printf '  %-40s %7s\n' "${row%%|*}" "${row##*|}"; done
  printf '  %-40s %7s\n' "total" "$((end - START_MS))"
}

mkdir -p "$LOGS" "$RUN" "$KEYS"
cd "$ROOT"

# --- prerequisites -----------------------------------------------------------------------------
command -v java >/dev/null || fail "java 17 is needed (apt-get install openjdk-17-jdk-headless)"
command -v curl >/dev/null || fail "curl is needed (apt-get install curl)"
command -v openssl >/dev/null || fail "openssl is needed (apt-get install openssl)"

source "$ROOT/deploy/local/machine-services.sh"
running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
wait_for() { # name, seconds, command...: polls every 20 ms, then 50 ms after the first second
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds)) tries=0
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$name did not become ready in ${seconds}s; see $LOGS/$name.log"
    if [ -f "$RUN/$name.pid" ] && ! kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
      rm -f "$RUN/$name.pid"
      fail "$name stopped while starting; see $LOGS/$name.log"
    fi
    tries=$((tries + 1)); if [ $tries -lt 50 ]; then sleep 0.02; else sleep 0.05; fi
  done
}

# --- build (in the background), skipped when the tree is what was built last ---------------------
# The stamp: the commit's tree plus every uncommitted change (tracked diffs and untracked files' contents).
SERVICES=(token-service send-gateway dispatch-worker audit-service webhook-service)
LOCAL_TARGET=$ROOT/target/local-stack
mkdir -p "$LOCAL_TARGET"
tree_stamp() {
  git -C "$ROOT" rev-parse -q --verify 'HEAD^{tree}' >/dev/null 2>&1 || { echo "no-git"; return; }
  { git -C "$ROOT" rev-parse 'HEAD^{tree}'; git -C "$ROOT" diff HEAD --binary
    git -C "$ROOT" ls-files -o --exclude-standard -z | (cd "$ROOT" && xargs -0 -r sha1sum); } | sha1sum | cut -c1-40
}
phase "build check"
STAMP=$(tree_stamp)
need_build=no
[ $BUILD_FLAG = yes ] && need_build=yes
[ "$STAMP" = "$(cat "$LOCAL_TARGET/build.stamp" 2>/dev/null)" ] || need_build=yes
for s in "${SERVICES[@]}"; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || need_build=yes
done
ls contracts/target/contracts-*.jar >/dev/null 2>&1 || need_build=yes
BG_PIDS=() # background jobs of this script, name=pid
bg() { # name log command...: runs in the background; await collects its exit status and duration
  local name=$1 log=$2; shift 2
  ( now_ms > "$RUN/$name.started"; rc=0; "$@" > "$log" 2>&1 || rc=$?; now_ms > "$RUN/$name.ended"; exit $rc ) &
  BG_PIDS+=("$name=$!")
}
await() { # name message-on-failure
  local entry
  for entry in "${BG_PIDS[@]}"; do
    [ "${entry%%=*}" = "$1" ] || continue
    wait "${entry#*=}" || fail "$2"
    PHASES+=("$1 (in the background)|$(($(cat "$RUN/$1.ended") - $(cat "$RUN/$1.started")))")
    rm -f "$RUN/$1.started" "$RUN/$1.ended"
  done
}
if [ $need_build = yes ]; then
  step "Building the services in the background (parallel, no tests; a minute or two the first time)"
  rm -f "$LOCAL_TARGET/build.stamp"
  bg build "$LOGS/build.log" ./mvnw -B -q -T 2 -Dmaven.test.skip=true \
    -pl "$(IFS=,; echo "${SERVICES[*]}")" -am package
fi

# --- tools: Kafka and the SMTP sink, from Maven Central jars, once per tree (in the background) -----
TOOLS=$LOCAL_TARGET/tools
fetch() { # profile dir
  rm -rf "$2" && ./mvnw -q -f deploy/local/tools.pom.xml -P"$1" dependency:copy-dependencies \
    -DoutputDirectory="$2" && touch "$2/.complete"
}
[ -f "$TOOLS/kafka/.complete" ] || bg fetch-kafka "$LOGS/fetch-kafka.log" fetch kafka "$TOOLS/kafka"
if [ -z "${MINTPOST_UPSTREAM_HOST:-}" ] && [ ! -f "$TOOLS/greenmail/.complete" ]; then
  bg fetch-greenmail "$LOGS/fetch-greenmail.log" fetch greenmail "$TOOLS/greenmail"
fi

# --- PostgreSQL and Redis: the machine's own ---------------------------------------------------
phase "postgres, redis, database"
step "PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379"
ensure_postgres || exit 1
ensure_redis "$LOGS/redis.log" || exit 1
if ! psql -h $PGHOST_ADDR -U postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
  psql -h $PGHOST_ADDR -U postgres -qc "create database $DB_NAME" || fail "could not create database $DB_NAME"
  info "created database $DB_NAME"
fi

# --- Kafka (KRaft, single node) -----------------------------------------------------------------
step "Kafka broker on 127.0.0.1:$KAFKA_PORT (KRaft)"
KAFKA_DIR=$HOME_DIR/kafka
mkdir -p "$KAFKA_DIR"
# JVM options of a short-lived local stack: C1 only (less CPU while starting), serial GC. MINTPOST_JAVA_OPTS
# replaces them (deploy/local/bench.sh asks for the full JIT for its throughput figures).
read -r -a JAVA_OPTS <<< "${MINTPOST_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
KAFKA_JAVA=(java -Xmx256m "${JAVA_OPTS[@]}" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties"
  -cp "$TOOLS/kafka/*")
if running kafka; then
  info "already running"
else
  port_open "$KAFKA_PORT" && fail "port $KAFKA_PORT is taken by another program; stop it or set KAFKA_PORT"
  phase "kafka jars (wait)"
  await fetch-kafka "could not fetch the Kafka jars; see $LOGS/fetch-kafka.log"
  cat > "$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((KAFKA_PORT + 1))
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$((KAFKA_PORT + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=8388608
auto.create.topics.enable=false
message.max.bytes=$JOB_RECORD_BYTES
replica.fetch.max.bytes=$JOB_RECORD_BYTES
EOF
  cat > "$KAFKA_DIR/log4j2.properties" <<EOF
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
EOF
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    phase "kafka format"
    # a cluster id as Kafka's random-uuid makes one: 16 random bytes, URL-safe base64, not starting with '-'
    cluster_id=-
    while [ "${cluster_id:0:1}" = - ]; do cluster_id=$(openssl rand -base64 16 | tr '+/' '-_' | tr -d '=\n'); done
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      > "$LOGS/kafka-format.log" 2>&1 || fail "could not format Kafka storage; see $LOGS/kafka-format.log"
  fi
  phase "kafka launched"
  nohup "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" > "$LOGS/kafka.log" 2>&1 &
  echo $! > "$RUN/kafka.pid"
fi

# --- SMTP sink -----------------------------------------------------------------------------------
if [ -n "${MINTPOST_UPSTREAM_HOST:-}" ]; then
  step "Upstream SMTP: ${MINTPOST_UPSTREAM_HOST}:${MINTPOST_UPSTREAM_PORT:-25} (from MINTPOST_UPSTREAM_HOST; no local sink)"
  MAILER_HOST=$MINTPOST_UPSTREAM_HOST
  MAILER_PORT=${MINTPOST_UPSTREAM_PORT:-25}
else
  step "SMTP sink (GreenMail) on 127.0.0.1:$SINK_SMTP_PORT, its mailbox API on :$SINK_API_PORT"
  MAILER_HOST=127.0.0.1
  MAILER_PORT=$SINK_SMTP_PORT
  if running smtp-sink; then
    info "already running"
  else
    port_open "$SINK_SMTP_PORT" && fail "port $SINK_SMTP_PORT is taken; stop that program or set SINK_SMTP_PORT"
    phase "smtp sink jars (wait)"
    await fetch-greenmail "could not fetch GreenMail; see $LOGS/fetch-greenmail.log"
    phase "smtp sink launched"
    nohup java -Xmx128m "${JAVA_OPTS[@]}" -Dgreenmail.hostname=127.0.0.1 \
      -Dgreenmail.smtp.port="$SINK_SMTP_PORT" -Dgreenmail.auth.disabled -Dgreenmail.verbose=false \
      -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$SINK_API_PORT" \
      -jar "$TOOLS"/greenmail/greenmail-standalone-*.jar > "$LOGS/smtp-sink.log" 2>&1 &
    echo $! > "$RUN/smtp-sink.pid"
  fi
fi

# --- keys: internal JWT pair and the SMTP relay's TLS certificate (made here, never committed) ----
phase "keys"
if [ ! -f "$KEYS/jwt-private.pem" ]; then
  step "Making the internal JWT key pair and a self-signed SMTP TLS certificate"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/jwt-private.pem" 2>/dev/null
  openssl pkey -in "$KEYS/jwt-private.pem" -pubout -out "$KEYS/jwt-public.pem"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$KEYS/smtp-tls-key.pem" -out "$KEYS/smtp-tls-cert.pem" 2>/dev/null
  chmod 600 "$KEYS"/*.pem
fi
# the DKIM key-encryption key (AES-256): token-service seals DKIM private keys with it, the worker opens them
if [ ! -f "$KEYS/dkim-kek" ]; then
  (umask 077 && openssl rand -base64 32 > "$KEYS/dkim-kek")
fi
# the key (AES-256) webhook-service seals webhook signing secrets with
if [ ! -f "$KEYS/webhook-secret-key" ]; then
  (umask 077 && openssl rand -base64 32 > "$KEYS/webhook-secret-key")
fi
# the HMAC key the worker signs tracking links (opens, clicks, unsubscribe) with and the edge checks them with
if [ ! -f "$KEYS/tracking-key" ]; then
  (umask 077 && openssl rand -base64 32 > "$KEYS/tracking-key")
fi

# --- the build's end, then the topics ----------------------------------------------------------------
phase "build (wait)"
await build "the build failed; see $LOGS/build.log"
[ $need_build = no ] || { printf '%s\n' "$STAMP" > "$LOCAL_TARGET/build.stamp"; info "built"; }
phase "kafka ready (wait)"
wait_for kafka 60 port_open "$KAFKA_PORT"
# Topics as production has them (names and settings from the contracts module; k8s/ declares the same), made
# by one admin client; CreateTopics.java is compiled once per tree.
phase "kafka topics"
CONTRACTS_JAR=$(ls "$ROOT"/contracts/target/contracts-*.jar | head -1)
TOPICS_CP="$CONTRACTS_JAR:$TOOLS/kafka/*"
TOPICS_CLASS=$LOCAL_TARGET/topics/CreateTopics.class
if [ ! -f "$TOPICS_CLASS" ] || [ deploy/local/CreateTopics.java -nt "$TOPICS_CLASS" ] || [ "$CONTRACTS_JAR" -nt "$TOPICS_CLASS" ]; then
  javac -nowarn -d "$LOCAL_TARGET/topics" -cp "$TOPICS_CP" deploy/local/CreateTopics.java > "$LOGS/kafka-topics.log" 2>&1 \
    || fail "could not compile deploy/local/CreateTopics.java; see $LOGS/kafka-topics.log"
fi
java -Xmx128m "${JAVA_OPTS[@]}" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
  -cp "$LOCAL_TARGET/topics:$TOPICS_CP" CreateTopics "127.0.0.1:$KAFKA_PORT" "$MAX_JOB_BYTES" \
  >> "$LOGS/kafka-topics.log" 2>&1 || fail "could not create the Kafka topics; see $LOGS/kafka-topics.log"
info "Kafka ready, topics in place"

# --- the services: started together, one start_service line each (its port, then its env, one line a key) ---
# the heap ceiling of each JVM, so the whole stack stays in memory
declare -A HEAP=([token-service]=256m [send-gateway]=256m [dispatch-worker]=256m [audit-service]=256m
  [webhook-service]=256m)
common_env=(
  KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS/jwt-public.pem"
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST_ADDR:$PGPORT_NUM/$DB_NAME"
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST_ADDR:$PGPORT_NUM/$DB_NAME"
  QUARKUS_DATASOURCE_USERNAME=postgres
  MINTPOST_MAX_JOB_BYTES="$MAX_JOB_BYTES"
  MINTPOST_DNS_SERVERS="${MINTPOST_DNS_SERVERS:-}"
  # the JDBC pool's wait for a connection (2 s in production): five JVMs starting at once on a busy machine can
  # take longer for Flyway's first connection, and a service that stops at start fails the whole stack
  MINTPOST_DB_ACQUISITION_TIMEOUT="${MINTPOST_DB_ACQUISITION_TIMEOUT:-15s}"
)
start_service() { # name port extra-env...
  local name=$1 port=$2; shift 2
  if running "$name"; then info "$name already running"; return 0; fi
  port_open "$port" && fail "port $port (for $name) is taken by another program; stop it first"
  env "${common_env[@]}" QUARKUS_HTTP_PORT="$port" "$@" \
    nohup java "-Xmx${HEAP[$name]:-256m}" "${JAVA_OPTS[@]}" -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" \
    > "$LOGS/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
  info "$name starting on :$port (log: $LOGS/$name.log)"
}
ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
wait_ready() { # name:port...: polls every service's readiness together, every 20 ms, then 50 ms after 1 s
  local pending=("$@") still pair tries=0 deadline=$((SECONDS + 180)) since; since=$(now_ms)
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for pair in "${pending[@]}"; do
      if ready "${pair##*:}"; then
        info "${pair%%:*} ready"; PHASES+=("  ready: ${pair%%:*} (after the launch)|$(($(now_ms) - since))")
      elif ! running "${pair%%:*}"; then
        rm -f "$RUN/${pair%%:*}.pid"; fail "${pair%%:*} stopped while starting; see $LOGS/${pair%%:*}.log"
      else
        still+=("$pair")
      fi
    done
    pending=(${still[@]+"${still[@]}"})
    [ ${#pending[@]} -eq 0 ] && break
    [ $SECONDS -lt $deadline ] || fail "not ready in 180 s: ${pending[*]}; see their logs in $LOGS"
    tries=$((tries + 1)); if [ $tries -lt 50 ]; then sleep 0.02; else sleep 0.05; fi
  done
}

phase "services launched"
step "Starting the services"
start_service token-service 8081 \
  MINTPOST_BOOTSTRAP_TOKEN_FILE="$RUN/bootstrap-team-token" \
  LETTERMINT_BOOTSTRAP_TEAM_TOKEN="${LETTERMINT_BOOTSTRAP_TEAM_TOKEN:-}" \
  MINTPOST_DKIM_KEY_ENCRYPTION_KEY="$(cat "$KEYS/dkim-kek")" \
  MINTPOST_BOUNCES_DOMAIN="${MINTPOST_BOUNCES_DOMAIN:-bounces.localhost}" \
  MINTPOST_TRUSTED_WORKLOADS_ISSUERS="${MINTPOST_TRUSTED_WORKLOADS_ISSUERS:-https://token.actions.githubusercontent.com,https://gitlab.com}" \
  MINTPOST_TRUSTED_WORKLOADS_ALLOW_INSECURE_ISSUERS="${MINTPOST_TRUSTED_WORKLOADS_ALLOW_INSECURE_ISSUERS:-true}"
start_service audit-service 8083
start_service webhook-service 8084 \
  MINTPOST_WEBHOOKS_SECRET_KEY="$(cat "$KEYS/webhook-secret-key")" \
  MINTPOST_WEBHOOKS_ALLOW_PRIVATE_TARGETS="${MINTPOST_WEBHOOKS_ALLOW_PRIVATE_TARGETS:-true}"
start_service dispatch-worker 8082 \
  MINTPOST_UPSTREAM_HOST="$MAILER_HOST" MINTPOST_UPSTREAM_PORT="$MAILER_PORT" \
  MINTPOST_DKIM_KEY_ENCRYPTION_KEY="$(cat "$KEYS/dkim-kek")" \
  MINTPOST_TRACKING_KEY="$(cat "$KEYS/tracking-key")" \
  MINTPOST_TRACKING_BASE_URL="${MINTPOST_TRACKING_BASE_URL:-http://127.0.0.1:8080}"
start_service send-gateway 8080 \
  MINTPOST_TRACKING_KEY="$(cat "$KEYS/tracking-key")" \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEYS/jwt-private.pem" \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379 \
  MINTPOST_TOKEN_SERVICE_URL=http://127.0.0.1:8081 \
  MINTPOST_AUDIT_SERVICE_URL=http://127.0.0.1:8083 \
  MINTPOST_WEBHOOK_SERVICE_URL=http://127.0.0.1:8084 \
  MINTPOST_SMTP_TLS_CERT_PATH="$KEYS/smtp-tls-cert.pem" \
  MINTPOST_SMTP_TLS_KEY_PATH="$KEYS/smtp-tls-key.pem" \
  MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN="${MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN:-false}"

step "Waiting until every service is ready (the edge: once its token, route and domain maps caught up)"
phase "services ready (wait)"
wait_ready token-service:8081 audit-service:8083 webhook-service:8084 dispatch-worker:8082 send-gateway:8080
[ -n "${MINTPOST_UPSTREAM_HOST:-}" ] || wait_for smtp-sink 60 port_open "$SINK_SMTP_PORT"

# --- tokens ----------------------------------------------------------------------------------------
phase "tokens"
BASE=http://127.0.0.1:8080/v1
if [ -n "${LETTERMINT_BOOTSTRAP_TEAM_TOKEN:-}" ]; then
  TEAM_TOKEN=$LETTERMINT_BOOTSTRAP_TEAM_TOKEN
elif [ -f "$RUN/bootstrap-team-token" ]; then
  TEAM_TOKEN=$(cat "$RUN/bootstrap-team-token")
else
  fail "no team token: the database already had a team before this stack first ran; set LETTERMINT_BOOTSTRAP_TEAM_TOKEN to that team's token, or start on a fresh database (MINTPOST_DB=another_name deploy/local/up.sh)"
fi
# the bootstrap token seeds only an empty database: check that the token we are about to print works
if ! curl -fsS -o /dev/null -H "Authorization: Bearer $TEAM_TOKEN" "$BASE/ping"; then
  if [ -n "${LETTERMINT_BOOTSTRAP_TEAM_TOKEN:-}" ]; then
    fail "LETTERMINT_BOOTSTRAP_TEAM_TOKEN is not accepted: it only seeds an empty database, and database '$DB_NAME' already had a team. Use that team's token, or start on a fresh database (MINTPOST_DB=another_name deploy/local/up.sh)"
  fi
  fail "the team token in $RUN/bootstrap-team-token is not accepted (revoked, or database '$DB_NAME' was reset since): set LETTERMINT_BOOTSTRAP_TEAM_TOKEN to a working team token, or start on a fresh database (MINTPOST_DB=another_name deploy/local/up.sh)"
fi
PROJECT_TOKEN=""
if [ -f "$RUN/project-token" ] && curl -fsS -o /dev/null -H "x-lettermint-token: $(cat "$RUN/project-token")" "$BASE/ping"; then
  PROJECT_TOKEN=$(cat "$RUN/project-token")
else
  step "Creating a project 'Local development' (SMTP enabled) for the printed project token"
  response=$(curl -sS -X POST "$BASE/projects" -H "Authorization: Bearer $TEAM_TOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"Local development","smtp_enabled":true}') || fail "could not create a project"
  PROJECT_TOKEN=$(sed -n 's/.*"api_token" *: *"\(lm_[0-9A-Za-z]*\)".*/\1/p' <<<"$response")
  [ -n "$PROJECT_TOKEN" ] || fail "creating a project did not return a token: $response"
  (umask 077 && printf '%s' "$PROJECT_TOKEN" > "$RUN/project-token")
  # the new token reaches the edge's token map through Kafka: the printed curl line must work when we return
  wait_for send-gateway 30 curl -fsS -o /dev/null -H "x-lettermint-token: $PROJECT_TOKEN" "$BASE/ping"
fi

print_timings
cat <<EOF

mintpost is up.

  Base URL        $BASE
  Dashboard       http://127.0.0.1:8080/dashboard/
  SMTP relay      127.0.0.1:2525 and :587 (STARTTLS), :2465 (TLS); user lettermint, password = project token
  Team token      $TEAM_TOKEN
  Project token   $PROJECT_TOKEN
  Logs            $LOGS
  Stop            deploy/local/down.sh

EOF
if [ "${MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN:-false}" != true ]; then
  echo "Sender policy off here (MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN=false): any From is accepted; production accepts only verified domains."
fi
cat <<EOF

Send a mail:

  curl -X POST $BASE/send \\
    -H 'Content-Type: application/json' \\
    -H 'x-lettermint-token: $PROJECT_TOKEN' \\
    -d '{"from": "You <you@example.com>", "to": ["recipient@example.com"], "subject": "Hello", "text": "Sent with a Project API token."}'

EOF
cat <<EOF
Or through the SMTP relay (STARTTLS; the local certificate is self-signed, hence -k):

  printf 'From: You <you@example.com>\\r\\nTo: recipient@example.com\\r\\nSubject: Hello over SMTP\\r\\n\\r\\nHi.\\r\\n' |
    curl -sS --url smtp://127.0.0.1:2525 --ssl-reqd -k --user 'lettermint:$PROJECT_TOKEN' \\
      --mail-from you@example.com --mail-rcpt recipient@example.com -T -

EOF
if [ -z "${MINTPOST_UPSTREAM_HOST:-}" ]; then
  echo "Then read it at the sink:  curl -s http://127.0.0.1:$SINK_API_PORT/api/user/recipient@example.com/messages/INBOX"
  echo
fi
