package com.cityexplorer.platform.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.EventRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the events waiting in {@link Outbox} entries to the service's topic and removes them once
 * Kafka has acknowledged them (acks=all, idempotent producer). Every instance runs a relay: an aggregate
 * with pending events is leased to one of them at a time (a conditional findAndModify), so in normal
 * operation each event is published once and an aggregate's events go out in order. A relay that dies
 * mid-publish loses its lease when it expires, and another relay publishes what is left (possibly again:
 * consumers recognise events by id). While Kafka is down events simply wait in the outbox.
 * <p>
 * Hand-written because Spring Modulith's event publication registry relies on a transaction spanning the
 * business write and the registry write, which the embedded MongoDB-wire server does not have.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper jsonMapper;
    private final String topic;
    private final String owner;
    private final OutboxRelaySettings settings;
    private final Counter published;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    /** A permit when events were recorded since the last pass began ({@link #wake()}). */
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, JsonMapper jsonMapper, String topic,
            OutboxRelaySettings settings, MeterRegistry meterRegistry) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.jsonMapper = jsonMapper;
        this.topic = topic;
        this.settings = settings;
        this.owner = UUID.randomUUID().toString();
        this.published = Counter.builder("ce.events.published").tag("topic", topic).register(meterRegistry);
        meterRegistry.gauge("ce.outbox.backlog", backlog);
        meterRegistry.gauge("ce.outbox.oldest.pending.seconds", oldestPendingMillis, value -> value.get() / 1000.0);
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("outbox-relay").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try {
            keyOlderEntries();
        }
        catch (RuntimeException ex) {
            log.warn("Could not key outbox entries written before outbox keys existed: {}", ex.toString());
        }
        Duration pause = settings.interval();
        while (running) {
            wakeUps.drainPermits();
            boolean failed = false;
            try {
                int relayed = relayOnce();
                pause = relayed > 0 ? Duration.ZERO : settings.interval();
            }
            catch (RuntimeException ex) {
                if (!running) {
                    return; // interrupted by stop()
                }
                log.warn("Outbox relay cycle failed, retrying in {}: {}", settings.failureBackoff(), ex.toString());
                pause = settings.failureBackoff();
                failed = true;
            }
            if (!pause.isZero()) {
                try {
                    if (failed) {
                        Thread.sleep(pause);
                    }
                    else {
                        // Until the next pass, or sooner when this instance records events.
                        wakeUps.tryAcquire(pause.toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    /**
     * Events were recorded by this instance: the relay, if it is waiting for its next pass, starts it now.
     * Other instances' events wait for their own relay (or this one's next pass).
     */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Gives a key to entries written by a version that had none (one scan per collection, once per start),
     * so the relay, which finds entries by their key, sees them too.
     */
    void keyOlderEntries() {
        for (Document registered : mongo.findAll(Document.class, Outbox.COLLECTIONS)) {
            String collection = registered.getString("_id");
            Query unkeyed = Query.query(Criteria.where(Outbox.PENDING_SINCE).exists(true).and(Outbox.KEY).exists(false));
            unkeyed.fields().include("_id").include(Outbox.PENDING_SINCE);
            for (Document entry : mongo.find(unkeyed, Document.class, collection)) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(entry.get("_id"))),
                        new Update().min(Outbox.KEY, Outbox.waitingKey(entry.getDate(Outbox.PENDING_SINCE).getTime())), collection);
            }
        }
    }

    /**
     * One pass over every outbox collection: claims up to a batch of aggregates, sends all their events
     * without waiting in between (the idempotent producer keeps each partition's order), then waits for
     * the acknowledgements and clears what Kafka acknowledged. Returns the number of events published.
     * Every query here is answered from an index on the embedded server too (by {@code _id}, or by the
     * uniquely indexed {@link Outbox#KEY}/{@link Outbox#CLAIM} alone), so a pass costs what is pending,
     * not the size of the collection.
     */
    public int relayOnce() {
        int count = 0;
        long pending = 0;
        Instant oldest = null;
        for (Document registered : mongo.findAll(Document.class, Outbox.COLLECTIONS)) {
            String collection = registered.getString("_id");
            // A regular expression on the key walks the key's (sparse) index: only aggregates with events.
            Query batch = Query.query(Criteria.where(Outbox.KEY).regex("^"))
                .with(org.springframework.data.domain.Sort.by(Outbox.PENDING_SINCE)).limit(settings.batchSize());
            batch.fields().include("_id").include(Outbox.KEY).include(Outbox.PENDING_SINCE);
            List<Document> candidates = mongo.find(batch, Document.class, collection);
            pending += candidates.size();
            for (Document candidate : candidates) {
                Date since = candidate.getDate(Outbox.PENDING_SINCE);
                if (since != null && (oldest == null || since.toInstant().isBefore(oldest))) {
                    oldest = since.toInstant();
                }
            }
            count += publish(collection, claim(collection, candidates));
        }
        // The backlog as seen by this pass: capped at one batch per collection, enough for alerting on growth.
        backlog.set(pending);
        oldestPendingMillis.set(oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis());
        return count;
    }

    /**
     * Leases the free candidates to this relay: a compare-and-set of each one's key (atomic per document,
     * so two relays never both win one), then a read by id of what this relay won.
     */
    private List<Document> claim(String collection, List<Document> candidates) {
        long now = System.currentTimeMillis();
        Map<Object, String> leases = new LinkedHashMap<>();
        var leasing = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        for (Document candidate : candidates) {
            String key = candidate.getString(Outbox.KEY);
            if (key != null && Outbox.isFree(key, now)) {
                String lease = Outbox.leasedKey(now + settings.lease().toMillis());
                leases.put(candidate.get("_id"), lease);
                leasing.updateOne(Query.query(Criteria.where(Outbox.KEY).is(key)), new Update().set(Outbox.KEY, lease)
                    .set(Outbox.CLAIM, UUID.randomUUID().toString()).set(Outbox.LEASE_OWNER, owner));
            }
        }
        if (leases.isEmpty()) {
            return List.of();
        }
        leasing.execute();
        Map<Object, Document> read = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(leases.keySet())), Document.class, collection)
            .forEach(document -> read.put(document.get("_id"), document));
        // Won: the key is still this relay's lease (new events keep a held lease; see Outbox#KEY).
        // In the order of the candidates, the oldest waiting first.
        return leases.entrySet().stream()
            .map(entry -> read.get(entry.getKey()))
            .filter(document -> document != null && leases.get(document.get("_id")).equals(document.getString(Outbox.KEY)))
            .toList();
    }

    private record Sending(Object aggregateId, String lease, String claim, boolean deleted, List<String> eventIds,
            CompletableFuture<Void> acknowledged) {
    }

    private int publish(String collection, List<Document> aggregates) {
        List<Sending> sendings = new ArrayList<>();
        RuntimeException failure = null;
        for (Document aggregate : aggregates) {
            try {
                sendings.add(send(aggregate));
            }
            catch (RuntimeException ex) {
                release(collection, aggregate.getString(Outbox.KEY));
                failure = failure == null ? ex : failure;
            }
        }
        int count = 0;
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        List<Sending> acknowledged = new ArrayList<>();
        for (Sending sending : sendings) {
            try {
                sending.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(sending);
                count += sending.eventIds().size();
            }
            catch (Exception ex) {
                // Nothing is removed: the events stay in the outbox for the next pass, of this relay or another.
                release(collection, sending.lease());
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = failure == null ? new IllegalStateException(ex) : failure;
            }
        }
        clear(collection, acknowledged);
        published.increment(count);
        if (failure != null) {
            throw new IllegalStateException("Kafka did not acknowledge every event of " + collection, failure);
        }
        return count;
    }

    private Sending send(Document aggregate) {
        List<Document> events = aggregate.getList(Outbox.EVENTS, Document.class, List.of());
        List<CompletableFuture<?>> acks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Document event : events) {
            String target = event.getString("topic") != null ? event.getString("topic") : topic;
            acks.add(kafka.send(EventRecords.record(target, event.getString("aggregateId"),
                    jsonMapper.writeValueAsString(envelope(event)), event.getString("type"), event.getString("traceparent"))));
            ids.add(event.getString("id"));
        }
        return new Sending(aggregate.get("_id"), aggregate.getString(Outbox.KEY), aggregate.getString(Outbox.CLAIM),
                Boolean.TRUE.equals(aggregate.get(Outbox.DELETED)), ids,
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    private EventEnvelope envelope(Document event) {
        return new EventEnvelope(UUID.fromString(event.getString("id")), event.getString("type"),
                event.getInteger("version", 1), event.getString("source"), event.getString("aggregateId"),
                event.getDate("timestamp").toInstant(), event.getString("traceparent"),
                jsonMapper.readTree(event.getString("data")));
    }

    /**
     * Removes exactly the acknowledged events. Fast path, one index-backed update per aggregate in one
     * bulk: an aggregate that still carries its claim received no new events since it was read, so its
     * outbox is emptied (a deleted one removed). The others (written to meanwhile) get their published
     * events pulled, and their lease handed back so the new events go out in the next pass.
     */
    private void clear(String collection, List<Sending> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        var fast = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        for (Sending sending : acknowledged) {
            Query unchanged = Query.query(Criteria.where(Outbox.CLAIM).is(sending.claim() == null ? "" : sending.claim()));
            if (sending.deleted()) {
                fast.remove(unchanged);
            }
            else {
                fast.updateOne(unchanged, new Update().unset(Outbox.EVENTS).unset(Outbox.PENDING_SINCE).unset(Outbox.KEY)
                    .unset(Outbox.LEASE_OWNER).unset(Outbox.CLAIM));
            }
        }
        fast.execute();
        List<Object> ids = acknowledged.stream().map(Sending::aggregateId).toList();
        java.util.Set<Object> written = new java.util.HashSet<>();
        mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, collection).forEach(document -> {
            if (document.containsKey(Outbox.KEY)) {
                written.add(document.get("_id"));
            }
        });
        for (Sending sending : acknowledged) {
            if (written.contains(sending.aggregateId())) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(sending.aggregateId())),
                        new Update().pull(Outbox.EVENTS, Query.query(Criteria.where("id").in(sending.eventIds()))), collection);
                release(collection, sending.lease());
            }
        }
    }

    /** Hands a lease back (if this relay still holds it), so any relay may take the aggregate's events now. */
    private void release(String collection, String lease) {
        if (lease != null) {
            mongo.updateFirst(Query.query(Criteria.where(Outbox.KEY).is(lease)), new Update()
                .set(Outbox.KEY, Outbox.waitingKey(System.currentTimeMillis())).unset(Outbox.LEASE_OWNER).unset(Outbox.CLAIM),
                    collection);
        }
    }
}
