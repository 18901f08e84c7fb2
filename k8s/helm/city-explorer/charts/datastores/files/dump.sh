#!/bin/bash
# mongodb-backup, step 1 (mongo image): a consistent dump of every database from a secondary, with the
# oplog written during the dump (--oplog), so restoring it replays to one point in time.
set -euo pipefail
name="$(date -u +%Y%m%dT%H%M%SZ)"
mongosh --quiet --norc --nodb --file /scripts/heartbeat.js
# The URI (with the password) goes in a config file, not on the command line.
umask 077
printf 'uri: "%s"\n' "$(cat /secrets/mongodb-backup/uri)" > /tmp/mongodump.yaml
mongodump --config=/tmp/mongodump.yaml --readPreference=secondaryPreferred --oplog --gzip \
  --archive="/backup/${name}.archive.gz"
rm -f /tmp/mongodump.yaml
test -s "/backup/${name}.archive.gz"
echo "$name" > /backup/name
echo "dumped ${name}.archive.gz ($(stat -c %s "/backup/${name}.archive.gz") bytes)"
