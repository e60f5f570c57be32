#!/usr/bin/env bash
# Creates the Secrets that the manifests reference and that are never committed (k8s/README.md,
# "Secrets"). Creates only the ones that are missing, so running it again never rotates anything
# by accident; rotation is described in the README.
#
#   k8s/create-secrets.sh            create the missing Secrets in namespace $NAMESPACE (mintpost)
#   k8s/create-secrets.sh --print    print them as YAML instead (touches no cluster; used by the tests)
#
# Environment:
#   NAMESPACE                          default mintpost
#   SMTP_HOST (required), SMTP_PORT (587), SMTP_USERNAME, SMTP_PASSWORD,
#   SMTP_START_TLS (REQUIRED: DISABLED|OPTIONAL|REQUIRED), SMTP_TLS (false: true = TLS on connect)
#                                      the upstream SMTP server dispatch-worker delivers to
#   SMTP_TLS_CERT, SMTP_TLS_KEY        PEM files for the relay's STARTTLS/implicit TLS; a
#                                      self-signed pair for SMTP_TLS_NAME (smtp.mintpost.local) if unset
#   API_TLS_CERT, API_TLS_KEY          PEM files for the Ingress; self-signed for API_TLS_NAME if unset;
#   SKIP_API_TLS=1                     leave mintpost-api-tls to cert-manager (prod overlay)
#   LETTERMINT_BOOTSTRAP_TEAM_TOKEN    the first team token for token-service; a new valid one if unset
set -euo pipefail

NS=${NAMESPACE:-mintpost}
PRINT=false
if [[ ${1:-} == --print ]]; then
    PRINT=true
    SMTP_HOST=${SMTP_HOST:-smtp.invalid}
fi
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "kubectl is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exists() {
    ! $PRINT && kubectl --namespace "$NS" get secret "$1" >/dev/null 2>&1
}

# emit NAME LABEL|- <kubectl create secret arguments...>
emit() {
    local name=$1 label=$2
    shift 2
    if exists "$name"; then
        echo "secret $name exists: kept" >&2
        return
    fi
    local yaml
    yaml=$(kubectl create secret "$@" --namespace "$NS" --dry-run=client -o yaml)
    if [[ $label != - ]]; then
        yaml=$(printf '%s\n' "$yaml" | kubectl label --local -f - "$label" -o yaml)
    fi
    if $PRINT; then
        printf -- '---\n%s\n' "$yaml"
    else
        printf '%s\n' "$yaml" | kubectl apply -f - >/dev/null
        echo "secret $name created" >&2
    fi
}

self_signed() { # NAME CN -> $work/NAME.crt, $work/NAME.key
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$2" \
        -addext "subjectAltName=DNS:$2" -keyout "$work/$1.key" -out "$work/$1.crt" 2>/dev/null
}

# The edge signs internal JWTs with private.pem; token-service and audit-service verify with public.pem.
if ! exists mintpost-internal-jwt; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
    openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
fi
emit mintpost-internal-jwt - generic mintpost-internal-jwt \
    --from-file=private.pem="$work/private.pem" --from-file=public.pem="$work/public.pem"

if [[ -n ${SMTP_TLS_CERT:-} ]]; then
    cp "$SMTP_TLS_CERT" "$work/smtp.crt"
    cp "$SMTP_TLS_KEY" "$work/smtp.key"
elif ! exists mintpost-smtp-tls; then
    self_signed smtp "${SMTP_TLS_NAME:-smtp.mintpost.local}"
fi
emit mintpost-smtp-tls - tls mintpost-smtp-tls --cert="$work/smtp.crt" --key="$work/smtp.key"

if [[ ${SKIP_API_TLS:-} != 1 ]]; then
    if [[ -n ${API_TLS_CERT:-} ]]; then
        cp "$API_TLS_CERT" "$work/api.crt"
        cp "$API_TLS_KEY" "$work/api.key"
    elif ! exists mintpost-api-tls; then
        self_signed api "${API_TLS_NAME:-mintpost.localtest.me}"
    fi
    emit mintpost-api-tls - tls mintpost-api-tls --cert="$work/api.crt" --key="$work/api.key"
fi

emit mintpost-redis - generic mintpost-redis --from-literal=password="$(openssl rand -hex 24)"

# The DKIM key-encryption key: AES-256 (base64 of 32 random bytes). token-service seals every DKIM private key
# with it; dispatch-worker opens them to sign. Mounted into those two only. Losing it makes every domain's keys
# unusable (rotate them after restoring one); never rotate it by deleting the Secret.
emit mintpost-dkim-kek - generic mintpost-dkim-kek --from-literal=key="$(openssl rand -base64 32)"

# The key (AES-256) webhook-service seals webhook signing secrets with; mounted into webhook-service only.
emit mintpost-webhook-secret-key - generic mintpost-webhook-secret-key --from-literal=key="$(openssl rand -base64 32)"

# The HMAC key dispatch-worker signs tracking links (opens, clicks, one-click unsubscribe) with and send-gateway
# checks them with; mounted into those two only. Replacing it makes every link already sent answer 404.
emit mintpost-tracking-key - generic mintpost-tracking-key --from-literal=key="$(openssl rand -base64 32)"

# CloudNativePG creates the login roles from these (managed.roles) and reloads on change.
emit mintpost-db-token-service cnpg.io/reload=true generic mintpost-db-token-service \
    --type=kubernetes.io/basic-auth \
    --from-literal=username=token_service --from-literal=password="$(openssl rand -hex 24)"
emit mintpost-db-audit-service cnpg.io/reload=true generic mintpost-db-audit-service \
    --type=kubernetes.io/basic-auth \
    --from-literal=username=audit_service --from-literal=password="$(openssl rand -hex 24)"
emit mintpost-db-webhook-service cnpg.io/reload=true generic mintpost-db-webhook-service \
    --type=kubernetes.io/basic-auth \
    --from-literal=username=webhook_service --from-literal=password="$(openssl rand -hex 24)"

if ! exists mintpost-smtp-upstream && [[ -z ${SMTP_HOST:-} ]]; then
    echo "SMTP_HOST is not set: the upstream SMTP server dispatch-worker delivers to" >&2
    exit 1
fi
emit mintpost-smtp-upstream - generic mintpost-smtp-upstream \
    --from-literal=host="${SMTP_HOST:-}" \
    --from-literal=port="${SMTP_PORT:-587}" \
    --from-literal=username="${SMTP_USERNAME:-}" \
    --from-literal=password="${SMTP_PASSWORD:-}" \
    --from-literal=start-tls="${SMTP_START_TLS:-REQUIRED}" \
    --from-literal=tls="${SMTP_TLS:-false}"

# A team token (DESIGN §3: lm_team_ + 34 random base62 + 6 base62 digits of the CRC32 of all
# before them) that token-service uses for the first team on its first start. The CRC32 is the
# one gzip writes in its trailer (little-endian, as od reads it on x86 and arm64).
new_team_token() {
    local alphabet=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
    local body crc sum="" i
    body="lm_team_$(LC_ALL=C tr -dc '0-9A-Za-z' </dev/urandom | head -c 34)"
    crc=$(printf '%s' "$body" | gzip -c | tail -c 8 | head -c 4 | od -An -tu4 | tr -d ' \n')
    for ((i = 0; i < 6; i++)); do
        sum="${alphabet:crc % 62:1}$sum"
        crc=$((crc / 62))
    done
    printf '%s%s' "$body" "$sum"
}
if ! exists mintpost-bootstrap; then
    emit mintpost-bootstrap - generic mintpost-bootstrap \
        --from-literal=team-token="${LETTERMINT_BOOTSTRAP_TEAM_TOKEN:-$(new_team_token)}"
    $PRINT || echo "the first team token is in secret mintpost-bootstrap:" \
        "kubectl -n $NS get secret mintpost-bootstrap -o jsonpath='{.data.team-token}' | base64 -d" >&2
fi
