// mongodb-init (Helm hook after every install and upgrade), authenticated as root. Idempotent: brings the
// replica set's members, the users and the indexes to what the chart declares, and changes nothing else.
const fs = require('fs');
const read = (path) => fs.readFileSync(path, 'utf8').trim();
const plan = JSON.parse(fs.readFileSync('/scripts/plan.json', 'utf8'));
const members = process.env.MONGODB_MEMBERS.split(',');
const setName = process.env.MONGODB_REPLICA_SET;
const rootUser = read('/secrets/mongodb-root/username');
const rootPassword = read('/secrets/mongodb-root/password');
const uri = `mongodb://${encodeURIComponent(rootUser)}:${encodeURIComponent(rootPassword)}@${members.join(',')}` +
  `/?replicaSet=${setName}&authSource=admin&serverSelectionTimeoutMS=10000`;

// 1. A primary, and root (the bootstrap sidecar of pod 0 creates it once the set is initiated).
let client = null;
for (let attempt = 1; client === null; attempt++) {
  try {
    const candidate = new Mongo(uri);
    candidate.getDB('admin').runCommand({ ping: 1 });
    client = candidate;
  } catch (e) {
    if (attempt >= 90) {
      throw new Error(`no writable primary after ${attempt} attempts: ${e.message}`);
    }
    print(`waiting for the replica set (${e.message})`);
    sleep(10000);
  }
}
const admin = client.getDB('admin');

// 2. Members: adds what is missing, one at a time (a reconfiguration may add one voting member).
// Removing a member is left to a person: scale down, then rs.remove() once it is gone.
for (const host of members) {
  const config = admin.runCommand({ replSetGetConfig: 1 }).config;
  if (config.members.some((member) => member.host === host)) {
    continue;
  }
  config.version += 1;
  delete config.term; // the primary sets its current term
  config.members.push({ _id: Math.max(...config.members.map((member) => member._id)) + 1, host });
  admin.runCommand({ replSetReconfig: config });
  print(`members: added ${host}`);
  while (!admin.runCommand({ replSetGetConfig: 1, commitmentStatus: true }).commitmentStatus) {
    sleep(2000);
  }
}
for (const member of admin.runCommand({ replSetGetConfig: 1 }).config.members) {
  if (!members.includes(member.host)) {
    print(`members: WARNING ${member.host} is in the set but not in the chart (remove it by hand once it is gone)`);
  }
}

// 3. Users. Each service: readWrite on its own database and nothing else, so no service can read
// another's data. backup: the built-in backup role (mongodump --oplog of every database) plus the
// heartbeat it writes before each dump (see heartbeat.js); no restore role: the drill restores into a
// throw-away mongod of its own, never into this cluster. Passwords follow the Secrets (rotation: change
// the Secret, upgrade, restart the service).
const heartbeatRole = {
  privileges: [{ resource: { db: 'backup_meta', collection: 'heartbeat' }, actions: ['find', 'insert', 'update'] }],
  roles: [],
};
if (admin.getRole('backupHeartbeat')) {
  admin.runCommand({ updateRole: 'backupHeartbeat', ...heartbeatRole });
} else {
  admin.runCommand({ createRole: 'backupHeartbeat', ...heartbeatRole });
}
const ensureUser = (user, pwd, roles) => {
  if (admin.getUser(user)) {
    admin.runCommand({ updateUser: user, pwd, roles, mechanisms: ['SCRAM-SHA-256'] });
    print(`users: ${user} updated`);
  } else {
    admin.runCommand({ createUser: user, pwd, roles, mechanisms: ['SCRAM-SHA-256'] });
    print(`users: ${user} created`);
  }
};
const seen = new Set([rootUser]);
for (const database of Object.keys(plan.indexes).sort()) {
  const user = read(`/secrets/users/${database}/username`);
  if (seen.has(user)) {
    throw new Error(`users: ${database} would reuse the user name ${user}`);
  }
  seen.add(user);
  ensureUser(user, read(`/secrets/users/${database}/password`), [{ role: 'readWrite', db: database }]);
}
if (fs.existsSync('/secrets/mongodb-backup/username')) {
  ensureUser(read('/secrets/mongodb-backup/username'), read('/secrets/mongodb-backup/password'),
    [{ role: 'backup', db: 'admin' }, { role: 'backupHeartbeat', db: 'admin' }]);
}

// 4. Indexes, exactly as the services declare them (name and options), so their own index creation at
// start-up finds them. A conflicting index (same name, other definition) is the application's to
// resolve: reported, not replaced.
const keyOf = (pairs) => Object.fromEntries(pairs.map(([field, order]) => [field, typeof order === 'number' ? NumberInt(order) : order]));
let conflicts = 0;
for (const [database, collections] of Object.entries(plan.indexes)) {
  for (const [collection, indexes] of Object.entries(collections)) {
    for (const index of indexes) {
      const options = { name: index.name };
      if (index.unique) options.unique = true;
      if (index.sparse) options.sparse = true;
      try {
        client.getDB(database).getCollection(collection).createIndex(keyOf(index.key), options);
      } catch (e) {
        // 85 IndexOptionsConflict, 86 IndexKeySpecsConflict
        if (e.code !== 85 && e.code !== 86) {
          throw e;
        }
        conflicts += 1;
        print(`indexes: WARNING ${database}.${collection} ${index.name}: ${e.message}`);
      }
    }
    if (indexes.length > 0) {
      print(`indexes: ${database}.${collection}: ${indexes.map((index) => index.name).join(', ')}`);
    }
  }
}
print(`done${conflicts ? ` (${conflicts} index conflicts to look at)` : ''}`);
