package com.cityexplorer.platform.events.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;
import io.micrometer.tracing.Tracer;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Saves an aggregate and the events it caused in one atomic write: the events go into a {@code _outbox}
 * array inside the aggregate's own document, and MongoDB writes a single document atomically, with or
 * without multi-document transactions (the embedded MongoDB-wire server has none). {@link OutboxRelay}
 * then publishes them to Kafka and removes them. A deleted aggregate stays as a tombstone
 * ({@code _deleted: true}) until its last events are published; reads must exclude tombstones
 * ({@link #live()}).
 */
public class Outbox {

    static final String EVENTS = "_outbox";
    static final String PENDING_SINCE = "_outboxSince";
    static final String LEASE_OWNER = "_outboxLeaseOwner";
    static final String DELETED = "_deleted";
    /**
     * Set by the relay when it takes an aggregate's events (unique per aggregate and claim); removed by
     * every write of new events. Uniquely indexed, so "clear if nothing was written since" is one
     * index-backed conditional update.
     */
    static final String CLAIM = "_outboxClaim";
    /**
     * Present exactly while an aggregate has events to publish, unique, and uniquely (sparsely) indexed:
     * {@code P<millis>:<uuid>} while waiting, {@code L<lease-until millis>:<uuid>} while a relay holds it.
     * The relay finds pending aggregates through this index alone and takes a lease by compare-and-set on
     * it. Why a string and not fields: mongo-java-server, the embedded default, uses an index only for a
     * query on exactly one uniquely indexed field (any other query scans the whole collection, which for a
     * million places is seconds per pass), and walks the index for a regular expression. A new event
     * keeps a held lease ("L" sorts before "P" for {@code $min}) and keeps the oldest waiting key.
     */
    static final String KEY = "_outboxKey";
    /** The collections that hold outbox entries, so the relay reads only those. */
    static final String COLLECTIONS = "outbox_collections";

    private final java.util.Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final MongoTemplate mongo;
    private final JsonMapper jsonMapper;
    private final String source;
    private final ObjectProvider<Tracer> tracer;
    private final List<Runnable> eventsRecordedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Outbox(MongoTemplate mongo, JsonMapper jsonMapper, String source, ObjectProvider<Tracer> tracer) {
        this.mongo = mongo;
        this.jsonMapper = jsonMapper;
        this.source = source;
        this.tracer = tracer;
    }

    /**
     * Runs {@code listener} after each write that recorded events: the local relay publishes them at once
     * instead of at its next scheduled pass.
     */
    public void onEventsRecorded(Runnable listener) {
        eventsRecordedListeners.add(listener);
    }

    private void recorded(DomainEvent... events) {
        if (events.length > 0) {
            eventsRecordedListeners.forEach(Runnable::run);
        }
    }

    /** Inserts or replaces the aggregate and records its events, atomically. */
    public <T> T save(T aggregate, DomainEvent... events) {
        return saveTo(null, aggregate, events);
    }

    /** As {@link #save}, for events that go to {@code topic} rather than the service's events topic. */
    public <T> T saveTo(String topic, T aggregate, DomainEvent... events) {
        Document document = new Document();
        mongo.getConverter().write(aggregate, document);
        Object id = document.get("_id");
        if (id == null) {
            throw new IllegalArgumentException("An aggregate saved through the outbox needs its id set");
        }
        Update update = new Update();
        document.forEach((field, value) -> {
            if (!field.equals("_id") && !field.equals("_class")) {
                update.set(field, value);
            }
        });
        // A replace, not a merge: a mapped field that is now null is removed, not left as it was
        // (read-only fields, which others maintain, are left alone).
        var entity = mongo.getConverter().getMappingContext().getPersistentEntity(aggregate.getClass());
        if (entity != null) {
            entity.doWithProperties((org.springframework.data.mapping.PropertyHandler<
                    org.springframework.data.mongodb.core.mapping.MongoPersistentProperty>) property -> {
                if (!property.isIdProperty() && property.isWritable() && !document.containsKey(property.getFieldName())) {
                    update.unset(property.getFieldName());
                }
            });
        }
        record(update, topic, events);
        String collection = mongo.getCollectionName(aggregate.getClass());
        register(collection);
        mongo.upsert(Query.query(Criteria.where("_id").is(id)), update, collection);
        recorded(events);
        return aggregate;
    }

    /**
     * Inserts a new aggregate and records its events, atomically; a {@code DuplicateKeyException} when
     * one with its id (or another unique value) exists, so concurrent creators of one id get one winner.
     */
    public <T> T insert(T aggregate, DomainEvent... events) {
        Document document = new Document();
        mongo.getConverter().write(aggregate, document);
        document.remove("_class");
        if (document.get("_id") == null) {
            throw new IllegalArgumentException("An aggregate saved through the outbox needs its id set");
        }
        if (events.length > 0) {
            Date now = new Date();
            document.put(EVENTS, entries(null, events));
            document.put(PENDING_SINCE, now);
            document.put(KEY, waitingKey(now.getTime()));
        }
        String collection = mongo.getCollectionName(aggregate.getClass());
        register(collection);
        mongo.insert(document, collection);
        recorded(events);
        return aggregate;
    }

    /** Deletes the aggregate (a tombstone until its events are out) and records its events, atomically. */
    public boolean delete(Class<?> aggregateType, Object id, DomainEvent... events) {
        return delete(aggregateType, id, new Update(), events);
    }

    /**
     * As {@link #delete(Class, Object, DomainEvent...)}, applying {@code alsoApply} to the tombstone in
     * the same write: for example removing personal data, or a unique value others may now take.
     */
    public boolean delete(Class<?> aggregateType, Object id, Update alsoApply, DomainEvent... events) {
        Update update = alsoApply.set(DELETED, true);
        record(update, null, events);
        register(mongo.getCollectionName(aggregateType));
        boolean deleted = mongo.updateFirst(Query.query(Criteria.where("_id").is(id)).addCriteria(live()), update, aggregateType)
            .getMatchedCount() == 1;
        if (deleted) {
            recorded(events);
        }
        return deleted;
    }

    /**
     * Applies {@code update} to the aggregate {@code query} finds (an optimistic check, such as the
     * version read before) and records the events in the same write; false when nothing matched
     * (someone else changed it first: read it again and retry).
     */
    public boolean updateWhere(Query query, Update update, Class<?> aggregateType, DomainEvent... events) {
        record(update, null, events);
        register(mongo.getCollectionName(aggregateType));
        boolean updated = mongo.updateFirst(query, update, aggregateType).getModifiedCount() == 1;
        if (updated) {
            recorded(events);
        }
        return updated;
    }

    /**
     * The live aggregate with this id. Looked up by {@code _id} alone, with the deleted mark checked
     * here: mongo-java-server (the embedded default) uses its {@code _id} index only when the query
     * has no other condition, and scans the collection otherwise; MongoDB answers both from the index.
     */
    public <T> java.util.Optional<T> findLive(Object id, Class<T> type) {
        return findAllLive(List.of(id), type).stream().findFirst();
    }

    /** The live aggregates with these ids (in no particular order); see {@link #findLive}. */
    public <T> List<T> findAllLive(java.util.Collection<?> ids, Class<T> type) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return findLive(ids.size() == 1 ? Query.query(Criteria.where("_id").is(ids.iterator().next()))
                : Query.query(Criteria.where("_id").in(ids)), type);
    }

    /**
     * The live aggregates a query finds, the deleted mark checked here rather than in the query (so a
     * query on one uniquely indexed field stays index-backed on the embedded server; see {@link #findLive}).
     */
    public <T> List<T> findLive(Query query, Class<T> type) {
        return mongo.find(query, Document.class, mongo.getCollectionName(type)).stream()
            .filter(document -> !Boolean.TRUE.equals(document.get(DELETED)))
            .map(document -> mongo.getConverter().read(type, document))
            .toList();
    }

    /** The criteria that leaves out deleted aggregates whose events are still on their way. */
    public static Criteria live() {
        return Criteria.where(DELETED).ne(true);
    }

    private void register(String collection) {
        if (registered.add(collection)) {
            var indexes = mongo.indexOps(collection);
            indexes.createIndex(new org.springframework.data.mongodb.core.index.Index()
                .on(KEY, org.springframework.data.domain.Sort.Direction.ASC).unique().sparse().named("outbox_key"));
            indexes.createIndex(new org.springframework.data.mongodb.core.index.Index()
                .on(CLAIM, org.springframework.data.domain.Sort.Direction.ASC).unique().sparse().named("outbox_claim"));
            mongo.upsert(Query.query(Criteria.where("_id").is(collection)), new Update().setOnInsert("since", new Date()),
                    COLLECTIONS);
        }
    }

    private void record(Update update, String topic, DomainEvent... events) {
        if (events.length == 0) {
            return;
        }
        update.push(EVENTS).each(entries(topic, events).toArray());
        Date now = new Date();
        update.min(PENDING_SINCE, now);
        update.min(KEY, waitingKey(now.getTime()));
        // Tells a relay that has already read this aggregate's events that more arrived since.
        update.unset(CLAIM);
    }

    private List<Document> entries(String topic, DomainEvent... events) {
        List<Document> entries = new ArrayList<>();
        for (DomainEvent event : events) {
            Document entry = entry(event);
            if (topic != null) {
                entry.append("topic", topic);
            }
            entries.add(entry);
        }
        return entries;
    }

    static String waitingKey(long sinceMillis) {
        return "P%013d:%s".formatted(sinceMillis, UUID.randomUUID());
    }

    static String leasedKey(long untilMillis) {
        return "L%013d:%s".formatted(untilMillis, UUID.randomUUID());
    }

    /** Whether a relay may take the aggregate with this key now: waiting, or leased by a relay that let the lease run out. */
    static boolean isFree(String key, long nowMillis) {
        return key.startsWith("P") || key.startsWith("L") && Long.parseLong(key, 1, 14, 10) < nowMillis;
    }

    private Document entry(DomainEvent event) {
        EventType type = event.getClass().getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " needs an @EventType");
        }
        return new Document("id", UUID.randomUUID().toString())
            .append("type", type.value())
            .append("version", type.version())
            .append("source", source)
            .append("aggregateId", event.aggregateId())
            .append("timestamp", Date.from(Instant.now()))
            .append("traceparent", traceparent())
            .append("data", jsonMapper.writeValueAsString(event));
    }

    private String traceparent() {
        Tracer current = tracer.getIfAvailable();
        if (current == null || current.currentSpan() == null) {
            return null;
        }
        var context = current.currentSpan().context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }
}
