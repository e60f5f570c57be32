#!/usr/bin/env bash
# Runs every test of the suite: unit tests, each service against real PostgreSQL, Kafka and Redis,
# the system tests that drive the packaged services end to end, then the resilience and security
# suite (faults under load, authorization matrix, fuzzing, brute force, log scan).
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
# the dashboard's browser test drives Debian's headless Chromium through Debian's chromedriver
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  echo "    Chromium or chromedriver is missing: installing Debian's chromium and chromium-driver (a minute or two)"
  command -v apt-get >/dev/null || { echo "error: install chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)" >&2; exit 1; }
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
    || { echo "error: could not install chromium and chromium-driver" >&2; exit 1; }
  echo "    installed: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
fi

# the alert rules' unit tests (promtool) and the metrics system test (a real Prometheus server): Debian's prometheus
if ! [ -x /usr/bin/promtool ] || ! [ -x /usr/bin/prometheus ]; then
  echo "    promtool or prometheus is missing: installing Debian's prometheus"
  command -v apt-get >/dev/null || { echo "error: install prometheus (/usr/bin/prometheus, /usr/bin/promtool)" >&2; exit 1; }
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus >/dev/null \
    || { echo "error: could not install prometheus" >&2; exit 1; }
fi

# the hung-part tests pause an upstream SMTP server and a DNS server of their own (kill -STOP): Postfix's smtp-sink
# and dnsmasq (dnsmasq-base: the binary without the system service)
if ! [ -x /usr/sbin/smtp-sink ] || ! [ -x /usr/sbin/dnsmasq ]; then
  echo "    smtp-sink or dnsmasq is missing: installing Debian's postfix and dnsmasq-base"
  command -v apt-get >/dev/null || { echo "error: install postfix and dnsmasq-base (/usr/sbin/smtp-sink, /usr/sbin/dnsmasq)" >&2; exit 1; }
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postfix dnsmasq-base >/dev/null \
    || { echo "error: could not install postfix and dnsmasq-base" >&2; exit 1; }
fi

echo "==> ./mvnw verify (every module's tests, then the packaged suite end to end)"
./mvnw -B -ntp verify "$@"

echo "==> ./mvnw -pl system-tests -am -Presilience verify -DskipTests (faults under load, security checks;"
echo "    the modules' own tests ran in the build above)"
./mvnw -B -ntp -pl system-tests -am -Presilience verify -DskipTests "$@"
