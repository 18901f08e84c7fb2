// mongodb-restore-verify, the checks, against the throw-away mongod holding the restored archive.
// Exit 0 only if: the restore itself succeeded and fit its time budget; every service database is there
// with every collection the chart indexes; the catalog collections are not empty; and the backup
// heartbeat restored is younger than the RPO.
const fs = require('fs');
const plan = JSON.parse(fs.readFileSync('/scripts/plan.json', 'utf8'));
const env = process.env;
const rpoSeconds = Number(env.RPO_SECONDS);
const budgetSeconds = Number(env.RESTORE_BUDGET_SECONDS);
const restoreSeconds = Number(env.RESTORE_SECONDS);
const failures = [];
const metrics = [];
const metric = (name, value, labels = {}) => {
  const rendered = Object.entries(labels).map(([key, val]) => `${key}="${val}"`).join(',');
  metrics.push(`backup_restore_verify_${name}${rendered ? `{${rendered}}` : ''} ${value}`);
};
const check = (ok, message) => {
  print(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
};

check(env.RESTORE_RC === '0', `mongorestore of ${env.ARCHIVE_KEY} exited ${env.RESTORE_RC}`);
check(restoreSeconds <= budgetSeconds, `download and restore took ${restoreSeconds} s (budget ${budgetSeconds} s)`);

const restored = db.adminCommand({ listDatabases: 1, nameOnly: true }).databases.map((d) => d.name);
for (const [database, collections] of Object.entries(plan.indexes)) {
  check(restored.includes(database), `database ${database} restored`);
  const present = restored.includes(database) ? db.getSiblingDB(database).getCollectionNames() : [];
  for (const [collection, indexes] of Object.entries(collections)) {
    if (indexes.length === 0) continue; // created on first use: may legitimately be absent
    check(present.includes(collection), `${database}.${collection} exists`);
    if (present.includes(collection)) {
      metric('documents', db.getSiblingDB(database).getCollection(collection).estimatedDocumentCount(),
        { database, collection });
    }
  }
}
for (const { db: database, collection } of plan.nonEmpty) {
  const count = db.getSiblingDB(database).getCollection(collection).countDocuments({}, { limit: 1 });
  check(count > 0, `${database}.${collection} is not empty`);
}
const heartbeat = db.getSiblingDB('backup_meta').getCollection('heartbeat').findOne({ _id: 'mongodb-backup' });
const age = heartbeat ? Math.round((Date.now() - heartbeat.at.getTime()) / 1000) : -1;
check(heartbeat !== null && age <= rpoSeconds, `newest restorable state is ${age} s old (RPO ${rpoSeconds} s)`);

metric('success', failures.length === 0 ? 1 : 0);
metric('last_run_timestamp_seconds', Math.round(Date.now() / 1000));
metric('restore_duration_seconds', restoreSeconds);
metric('backup_age_seconds', age);
fs.writeFileSync('/work/metrics.prom', `${metrics.join('\n')}\n`);
print(failures.length === 0 ? 'restore drill passed' : `restore drill FAILED: ${failures.length} check(s)`);
quit(failures.length === 0 ? 0 : 1);
