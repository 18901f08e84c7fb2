// Pod 0, over localhost, unauthenticated (see bootstrap.sh). Exits non-zero to be retried.
const fs = require('fs');
const members = process.env.MONGODB_MEMBERS.split(',');
const setName = process.env.MONGODB_REPLICA_SET;
const hello = () => db.adminCommand({ hello: 1 });
// mongosh throws on a failed command; the code decides here.
const run = (database, command) => {
  try {
    return database.runCommand(command);
  } catch (e) {
    return { ok: 0, code: e.code, errmsg: e.message };
  }
};

if (!hello().setName) {
  // A peer that already belongs to a set means this member's disk was replaced: its peers will send it
  // the configuration. Initiating here would try to start a second set.
  let peerInSet = null;
  for (const host of members.slice(1)) {
    try {
      const peer = new Mongo(`mongodb://${host}/?directConnection=true&serverSelectionTimeoutMS=3000`);
      if (peer.getDB('admin').runCommand({ hello: 1 }).setName) {
        peerInSet = host;
      }
    } catch (e) {
      // not up yet: replSetInitiate's own quorum check below requires every member
    }
  }
  if (peerInSet) {
    print(`bootstrap: ${peerInSet} already belongs to a replica set; waiting to be added back`);
    quit(1);
  }
  const result = run(db.getSiblingDB('admin'), {
    replSetInitiate: { _id: setName, members: members.map((host, i) => ({ _id: i, host })) },
  });
  // 23 AlreadyInitialized: a restart raced the configuration's loading; anything else is retried.
  if (!result.ok && result.code !== 23) {
    print(`bootstrap: replSetInitiate: ${result.errmsg}`);
    quit(1);
  }
  print(`bootstrap: initiated ${setName} with ${members.join(', ')}`);
}

for (let i = 0; i < 120 && !hello().isWritablePrimary; i++) {
  sleep(1000);
}
const user = fs.readFileSync('/secrets/mongodb-root/username', 'utf8').trim();
const pwd = fs.readFileSync('/secrets/mongodb-root/password', 'utf8').trim();
const created = run(db.getSiblingDB('admin'), {
  createUser: user, pwd, roles: [{ role: 'root', db: 'admin' }], mechanisms: ['SCRAM-SHA-256'],
});
// 51003: exists. 13 Unauthorized: a user exists, so the localhost exception is closed: done either way.
if (created.ok || created.code === 51003 || created.code === 13) {
  print('bootstrap: root user in place');
  quit(0);
}
print(`bootstrap: createUser: ${created.errmsg} (this member must be primary to create it)`);
quit(1);
