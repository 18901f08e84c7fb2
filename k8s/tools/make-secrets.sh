#!/usr/bin/env bash
# Prints (stdout) the Secrets the City Explorer chart refers to but never creates, with freshly generated
# values, as Kubernetes manifests:
#
#   k8s/tools/make-secrets.sh <namespace> [secret...] | kubectl create -f -
#
# Without secret names, all of them; with names, only those (e.g. one that was missing).
#
# `kubectl create` refuses to overwrite a Secret that exists, which is what you want: running this again
# makes NEW values, and applying them over live ones (`kubectl apply`) rotates everything at once: the
# MongoDB key file (the replica set's members stop trusting each other until all restart), the database
# passwords (services fail to log in until mongodb-init runs again), the identity key pair (every issued
# identity token turns invalid) and the affiliate keys (stored webhook secrets become unreadable, issued
# click ids invalid). Rotate one Secret at a time, deliberately (docs/data-stores.md).
#
# Values never appear on a command line (kubectl reads them from its standard input). Nothing is written
# to disk. Requires bash, openssl and kubectl (used offline: --dry-run=client).
#
# Environment:
#   CITY_EXPLORER_ADMIN_EMAIL                      user-admin: the first administrator (none without it)
#   BACKUP_BUCKET, AWS_DEFAULT_REGION              backup-storage (skipped without them)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY       backup-storage keys (leave unset with workload identity)
#   MONGOS_URI                                     mongodb-mongos, for the sharding Job (skipped without it)
#   SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY,      alertmanager-slack, alertmanager-pagerduty, alertmanager-heartbeat
#   HEARTBEAT_URL                                  (the alert receivers, docs/runbooks.md; each skipped without it)
#   MONGODB_REPLICAS (3), MONGODB_REPLICA_SET (rs0) the members named in the connection strings
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
namespace="$1"
shift
case "$namespace" in -*) usage ;; esac
for tool in openssl kubectl; do
  command -v "$tool" >/dev/null || { echo "make-secrets: $tool is required" >&2; exit 1; }
done

services=(user-service city-service place-service itinerary-service review-service affiliate-service)
replicas="${MONGODB_REPLICAS:-3}"
replica_set="${MONGODB_REPLICA_SET:-rs0}"
hosts=""
for ((i = 0; i < replicas; i++)); do
  hosts+="${hosts:+,}mongodb-${i}.mongodb-headless:27017"
done

# Which Secrets to print: all, or those named.
wanted=("$@")
want() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local name
  for name in "${wanted[@]}"; do [ "$name" = "$1" ] && return 0; done
  return 1
}
warn() { echo "make-secrets: $*" >&2; }

# Hex: safe in URIs, YAML and shells without escaping. 24 random bytes = 192 bits.
password() { openssl rand -hex 24; }

# emit <name> <key> <value> [<key> <value>...]: one Secret manifest. The values reach kubectl on its
# standard input as an env file (one key=value a line; none of the values has a line break).
emit() {
  local name="$1"
  shift
  echo "---"
  while [ $# -ge 2 ]; do
    printf '%s=%s\n' "$1" "$2"
    shift 2
  done | kubectl create secret generic "$name" --namespace "$namespace" --from-env-file=/dev/stdin \
      --dry-run=client -o yaml \
    | kubectl label --local -f - -o yaml app.kubernetes.io/part-of=city-explorer app.kubernetes.io/managed-by=make-secrets
}

if want identity-keys; then
  # The gateway signs identity tokens with the private key (PKCS#8, DER, base64); every service verifies
  # them with the public key (X.509 SubjectPublicKeyInfo, DER, base64). docs/operations.md, "Identity".
  signing_key="$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -outform DER | openssl base64 -A)"
  verification_key="$(printf '%s' "$signing_key" | openssl base64 -d -A | openssl pkey -inform DER -pubout -outform DER | openssl base64 -A)"
  emit identity-keys signing-key "$signing_key" verification-keys "$verification_key"
fi

if want affiliate-keys; then
  # Base64 of 32 random bytes each. Keep them with the database's backups: the encryption key is needed to
  # read the partners' webhook secrets in a restored database.
  emit affiliate-keys \
    secret-encryption-key "$(openssl rand -base64 32)" \
    click-signing-key "$(openssl rand -base64 32)"
fi

if want user-admin; then
  if [ -n "${CITY_EXPLORER_ADMIN_EMAIL:-}" ]; then
    emit user-admin email "$CITY_EXPLORER_ADMIN_EMAIL" password "$(password)"
    warn "user-admin: the password is in the Secret: kubectl -n $namespace get secret user-admin -o jsonpath='{.data.password}' | base64 -d"
  else
    warn "user-admin skipped (optional): set CITY_EXPLORER_ADMIN_EMAIL to have a first administrator created"
  fi
fi

mongodb_uri() { # user password
  printf 'mongodb://%s:%s@%s/?replicaSet=%s&authSource=admin' "$1" "$2" "$hosts" "$replica_set"
}

for service in "${services[@]}"; do
  if want "mongodb-$service"; then
    # One user per service, readWrite on its own database only (mongodb-init creates it from this Secret).
    pw="$(password)"
    emit "mongodb-$service" username "$service" password "$pw" uri "$(mongodb_uri "$service" "$pw")"
  fi
done

if want mongodb-root; then
  emit mongodb-root username root password "$(password)"
fi

if want mongodb-backup; then
  pw="$(password)"
  emit mongodb-backup username backup password "$pw" uri "$(mongodb_uri backup "$pw")"
fi

if want mongodb-keyfile; then
  # The replica set members' shared secret: 756 base64 characters (567 random bytes), within mongod's
  # 6-1024 character limit.
  emit mongodb-keyfile keyfile "$(openssl rand -base64 567 | tr -d '\n')"
fi

if want redis; then
  emit redis password "$(password)"
fi

if want backup-storage; then
  if [ -n "${BACKUP_BUCKET:-}" ] && [ -n "${AWS_DEFAULT_REGION:-}" ]; then
    if [ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ]; then
      emit backup-storage bucket "$BACKUP_BUCKET" AWS_DEFAULT_REGION "$AWS_DEFAULT_REGION" \
        AWS_ACCESS_KEY_ID "$AWS_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY "$AWS_SECRET_ACCESS_KEY"
    else
      warn "backup-storage without access keys: the backup ServiceAccounts need workload identity (mongodb.backup.serviceAccountAnnotations)"
      emit backup-storage bucket "$BACKUP_BUCKET" AWS_DEFAULT_REGION "$AWS_DEFAULT_REGION"
    fi
  else
    warn "backup-storage skipped: set BACKUP_BUCKET and AWS_DEFAULT_REGION (and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) to include it; without it backups fail"
  fi
fi

if want mongodb-mongos; then
  if [ -n "${MONGOS_URI:-}" ]; then
    emit mongodb-mongos uri "$MONGOS_URI"
  elif [ ${#wanted[@]} -gt 0 ]; then
    warn "mongodb-mongos skipped: set MONGOS_URI (only needed with mongodb.sharded.enabled)"
  fi
fi

# The alert receivers (observability subchart, docs/runbooks.md): addresses of outside services, not generated.
for receiver in "alertmanager-slack webhook-url SLACK_WEBHOOK_URL" "alertmanager-pagerduty routing-key PAGERDUTY_ROUTING_KEY" \
                "alertmanager-heartbeat url HEARTBEAT_URL"; do
  read -r name key variable <<< "$receiver"
  if want "$name"; then
    if [ -n "${!variable:-}" ]; then
      emit "$name" "$key" "${!variable}"
    else
      warn "$name skipped: set $variable to include it (alerts for that receiver go nowhere without it)"
    fi
  fi
done
