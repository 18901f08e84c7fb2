#!/bin/bash
# mongodb-restore-verify, step 2 (mongo image): restores the archive into a throw-away mongod started in
# this container (no auth, localhost only, data on the scratch volume), runs the checks (verify.js), and
# records the outcome for step 3. Production is never written to.
set -uo pipefail
mkdir -p /work/db
mongod --dbpath /work/db --bind_ip 127.0.0.1 --port 27017 --fork --logpath /work/mongod.log \
  --wiredTigerCacheSizeGB "$SCRATCH_CACHE_GB" || { cat /work/mongod.log; exit 1; }
restore_rc=0
mongorestore --host 127.0.0.1 --port 27017 --archive=/work/latest.archive.gz --gzip --oplogReplay --drop \
  --stopOnError --numInsertionWorkersPerCollection 2 || restore_rc=$?
export RESTORE_RC="$restore_rc"
export RESTORE_SECONDS="$(( $(date +%s) - $(cat /work/started) ))"
export ARCHIVE_KEY="$(cat /work/key)"
verify_rc=0
mongosh --quiet --norc --host 127.0.0.1 --port 27017 --file /scripts/verify.js || verify_rc=$?
mongod --shutdown --dbpath /work/db >/dev/null || true
# verify.js writes the metrics; without them (it crashed) the drill failed all the same.
if [ ! -s /work/metrics.prom ]; then
  echo "backup_restore_verify_success 0" > /work/metrics.prom
fi
echo "$verify_rc" > /work/status
echo "restore exit ${restore_rc}, checks exit ${verify_rc}, ${RESTORE_SECONDS} s"
