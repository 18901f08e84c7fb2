package com.cityexplorer.platform.events;

import java.time.Instant;

import com.mongodb.DuplicateKeyException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The durable memory of which events a listener has applied, in the service's own database, so that a
 * redelivered event (Kafka delivers at least once) is recognised by its id and skipped, whichever
 * instance receives it and however long after.
 */
class ProcessedEvents {

    static final String COLLECTION = "processed_events";

    private final MongoTemplate mongo;

    ProcessedEvents(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    boolean contains(String listener, EventEnvelope event) {
        return mongo.getCollection(COLLECTION).find(new Document("_id", key(listener, event))).first() != null;
    }

    /** Records the event as applied; false when it already was (another instance got there first). */
    boolean record(String listener, EventEnvelope event) {
        Document entry = new Document("_id", key(listener, event))
            .append("listener", listener)
            .append("type", event.type())
            .append("aggregateId", event.aggregateId())
            .append("processedAt", java.util.Date.from(Instant.now()));
        try {
            mongo.getCollection(COLLECTION).insertOne(entry);
            return true;
        }
        catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw ex;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    private static String key(String listener, EventEnvelope event) {
        return listener + ":" + event.id();
    }
}
