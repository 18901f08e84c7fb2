// Before each dump: the time of this backup, written to the cluster (majority) so that the archive
// carries it. The restore drill reads it back from the restored copy: the age of the newest restorable
// state, measured on the restored data itself rather than on the file's name.
const uri = require('fs').readFileSync('/secrets/mongodb-backup/uri', 'utf8').trim();
new Mongo(uri).getDB('backup_meta').getCollection('heartbeat').updateOne(
  { _id: 'mongodb-backup' },
  { $set: { at: new Date(), pod: process.env.POD_NAME } },
  { upsert: true, writeConcern: { w: 'majority', wtimeout: 30000 } },
);
print('heartbeat written');
