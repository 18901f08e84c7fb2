#!/bin/bash
# Sidecar of every MongoDB pod. On pod 0 it initiates the replica set and creates the root user over
# localhost: with --auth on and no user yet, only a localhost connection (the localhost exception) may do
# either. Everything after that (members, users, indexes) is the mongodb-init Job, authenticated as root.
# Then it idles: a sidecar that exits would be restarted.
set -uo pipefail
if [ "${POD_NAME##*-}" != "0" ]; then
  exec sleep infinity
fi
until mongosh --quiet --norc --host 127.0.0.1 --port "$MONGODB_PORT" --eval 'db.adminCommand({ping: 1}).ok' >/dev/null 2>&1; do
  sleep 2
done
until mongosh --quiet --norc --host 127.0.0.1 --port "$MONGODB_PORT" --file /scripts/bootstrap.js; do
  echo "bootstrap: not done yet, retrying in 10 s"
  sleep 10
done
exec sleep infinity
