// mongodb-shard-collections: applies the sharding plan (values mongodb.sharded.collections, the table in
// docs/data-stores.md) through a mongos. Idempotent: a collection already sharded on its planned key is
// left alone; one sharded on another key is reported (changing it is reshardCollection, a decision for a
// person). A collection with a unique index that does not start with the shard key cannot be sharded:
// reported and skipped, like the entries that wait for an application change.
const fs = require('fs');
const plan = JSON.parse(fs.readFileSync('/scripts/shard-plan.json', 'utf8'));
const client = new Mongo(fs.readFileSync('/secrets/mongos/uri', 'utf8').trim());
const config = client.getDB('config');
const keyOf = (pairs) => Object.fromEntries(pairs.map(([field, value]) => [field, typeof value === 'number' ? NumberInt(value) : value]));
const same = (a, b) => JSON.stringify(Object.entries(a).map(([k, v]) => [k, String(v)])) ===
  JSON.stringify(Object.entries(b).map(([k, v]) => [k, String(v)]));
const problems = [];

for (const entry of plan) {
  const ns = `${entry.db}.${entry.collection}`;
  const key = keyOf(entry.key);
  if (!entry.enabled) {
    print(`skip  ${ns}: waits for: ${entry.prerequisite || 'enabled: false'}`);
    continue;
  }
  const existing = config.getCollection('collections').findOne({ _id: ns, dropped: { $ne: true } });
  if (existing && existing.key) {
    if (same(existing.key, key)) {
      print(`ok    ${ns} sharded on ${JSON.stringify(key)}`);
    } else {
      problems.push(`${ns} is sharded on ${JSON.stringify(existing.key)}, the plan says ${JSON.stringify(key)}`);
    }
    continue;
  }
  const database = client.getDB(entry.db);
  if (!database.getCollectionNames().includes(entry.collection)) {
    database.createCollection(entry.collection);
  }
  const collection = database.getCollection(entry.collection);
  const fields = Object.keys(key);
  const blocking = collection.getIndexes().filter((index) => index.unique && index.name !== '_id_' &&
    !fields.every((field, i) => Object.keys(index.key)[i] === field));
  if (blocking.length > 0) {
    problems.push(`${ns}: unique index(es) ${blocking.map((index) => index.name).join(', ')} do not start with the shard key`);
    continue;
  }
  // The index the shard key needs (shardCollection only builds it itself on an empty collection).
  if (!collection.getIndexes().some((index) => same(index.key, key))) {
    collection.createIndex(key, { name: `shard_${fields.join('_')}` });
  }
  client.getDB('admin').runCommand({ enableSharding: entry.db });
  client.getDB('admin').runCommand({ shardCollection: ns, key });
  print(`done  ${ns} sharded on ${JSON.stringify(key)}`);
}
problems.forEach((problem) => print(`FAIL  ${problem}`));
quit(problems.length === 0 ? 0 : 1);
