package com.cityexplorer.platform.events;

import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What a service keeps of another service's aggregates, from their events, so it can check and show
 * them without calling that service (and keeps working while it is down): one document per aggregate,
 * keyed by its id, holding the fields this service needs and the time of the event it came from.
 * <p>
 * Events carry whole states, so applying one is read, compare, write by id: an event older than what is
 * stored (a replay) changes nothing, and a deleted aggregate stays a tombstone so a late update cannot
 * bring it back. That is safe without a conditional write because the events of one aggregate arrive in
 * order on one partition and are applied by one consumer; and lookups by id alone are the one query
 * every MongoDB-wire server answers from an index.
 */
public final class ReadModel {

    private static final String AT = "at";
    private static final String DELETED = "deleted";

    private final MongoTemplate mongo;
    private final String collection;

    public ReadModel(MongoTemplate mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    /** The stored state of a live aggregate. */
    public Optional<Document> find(String id) {
        Document stored = collection().find(new Document("_id", id)).first();
        return stored == null || Boolean.TRUE.equals(stored.getBoolean(DELETED)) ? Optional.empty() : Optional.of(stored);
    }

    public boolean exists(String id) {
        return find(id).isPresent();
    }

    /** What is stored for these ids, tombstones included ({@link #isTombstone}); by {@code _id} alone. */
    public Map<String, Document> findAllStored(Collection<String> ids) {
        Map<String, Document> stored = new HashMap<>();
        if (!ids.isEmpty()) {
            collection().find(new Document("_id", new Document("$in", List.copyOf(ids))))
                .forEach(document -> stored.put(String.valueOf(document.get("_id")), document));
        }
        return stored;
    }

    public static boolean isTombstone(Document stored) {
        return Boolean.TRUE.equals(stored.getBoolean(DELETED));
    }

    /**
     * Stores {@code state} (the fields kept, without {@code _id}) for the event's aggregate, or a tombstone
     * when {@code state} is null, unless what is stored is newer or deleted. Returns whether it changed.
     */
    public boolean apply(EventEnvelope event, Document state) {
        Document stored = collection().find(new Document("_id", event.aggregateId())).first();
        Date at = Date.from(event.timestamp());
        if (stored != null && (Boolean.TRUE.equals(stored.getBoolean(DELETED)) || stored.getDate(AT).after(at))) {
            return false; // deleted for good, or already newer than this (replayed) event
        }
        Document replacement = new Document("_id", event.aggregateId());
        if (state == null) {
            replacement.append(DELETED, true);
        }
        else {
            replacement.putAll(state);
        }
        replacement.append(AT, at);
        collection().replaceOne(new Document("_id", event.aggregateId()), replacement, new ReplaceOptions().upsert(true));
        return true;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(collection);
    }
}
