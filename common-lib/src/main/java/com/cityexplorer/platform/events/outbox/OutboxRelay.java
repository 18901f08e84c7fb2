package com.cityexplorer.platform.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.cityexplorer.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
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
        Duration pause = settings.interval();
        while (running) {
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
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    /**
     * One pass over every outbox collection: claims up to a batch of aggregates, sends all their events
     * without waiting in between (the idempotent producer keeps each partition's order), then waits for
     * the acknowledgements and clears what Kafka acknowledged. Returns the number of events published.
     */
    public int relayOnce() {
        int count = 0;
        long pending = 0;
        Instant oldest = null;
        for (Document registered : mongo.findAll(Document.class, Outbox.COLLECTIONS)) {
            String collection = registered.getString("_id");
            Query batch = Query.query(Criteria.where(Outbox.PENDING_SINCE).exists(true))
                .with(org.springframework.data.domain.Sort.by(Outbox.PENDING_SINCE)).limit(settings.batchSize());
            batch.fields().include("_id").include(Outbox.PENDING_SINCE);
            List<Document> candidates = mongo.find(batch, Document.class, collection);
            pending += candidates.size();
            for (Document candidate : candidates) {
                Date since = candidate.getDate(Outbox.PENDING_SINCE);
                if (since != null && (oldest == null || since.toInstant().isBefore(oldest))) {
                    oldest = since.toInstant();
                }
            }
            List<Document> claimed = claim(collection, candidates.stream().map(candidate -> candidate.get("_id")).toList());
            count += publish(collection, claimed);
        }
        // The backlog as seen by this pass: capped at one batch per collection, enough for alerting on growth.
        backlog.set(pending);
        oldestPendingMillis.set(oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis());
        return count;
    }

    /**
     * Leases the given aggregates to this relay where no other relay holds them: one conditional update
     * (atomic per document, so two relays never both win one), then a read of what this relay won.
     */
    private List<Document> claim(String collection, List<Object> ids) {
        return claim(collection, ids, UUID.randomUUID().toString());
    }

    private List<Document> claim(String collection, List<Object> ids, String claim) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Date now = new Date();
        Query free = Query.query(Criteria.where("_id").in(ids).and(Outbox.PENDING_SINCE).exists(true)
            .orOperator(Criteria.where(Outbox.LEASE_UNTIL).exists(false), Criteria.where(Outbox.LEASE_UNTIL).lt(now)));
        mongo.updateMulti(free, new Update().set(Outbox.LEASE_OWNER, owner).set(Outbox.CLAIM, claim)
            .set(Outbox.LEASE_UNTIL, Date.from(now.toInstant().plus(settings.lease()))), collection);
        Query won = Query.query(Criteria.where("_id").in(ids).and(Outbox.CLAIM).is(claim))
            .with(org.springframework.data.domain.Sort.by(Outbox.PENDING_SINCE));
        List<Document> claimed = mongo.find(won, Document.class, collection);
        if (claimed.size() < ids.size()) {
            // Leased by this pass, then written to before it was read: give them back for the next pass.
            mongo.updateMulti(Query.query(Criteria.where("_id").in(ids).and(Outbox.LEASE_OWNER).is(owner)
                .and(Outbox.CLAIM).ne(claim)), new Update().unset(Outbox.LEASE_OWNER).unset(Outbox.LEASE_UNTIL), collection);
        }
        return claimed;
    }

    private record Sending(Object aggregateId, String claim, boolean deleted, List<String> eventIds,
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
                release(collection, aggregate.get("_id"));
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
                release(collection, sending.aggregateId());
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
            ProducerRecord<String, String> record = new ProducerRecord<>(target, event.getString("aggregateId"),
                    jsonMapper.writeValueAsString(envelope(event)));
            record.headers().add("ce-event-type", event.getString("type").getBytes(StandardCharsets.UTF_8));
            if (event.getString("traceparent") != null) {
                record.headers().add("traceparent", event.getString("traceparent").getBytes(StandardCharsets.UTF_8));
            }
            acks.add(kafka.send(record));
            ids.add(event.getString("id"));
        }
        return new Sending(aggregate.get("_id"), aggregate.getString(Outbox.CLAIM),
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
     * Removes exactly the acknowledged events. Fast path, one update for the whole batch: aggregates
     * that still carry this pass's claim received no new events since they were read, so their outbox
     * is emptied. The others (written to meanwhile) get their published events pulled one by one.
     */
    private void clear(String collection, List<Sending> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        List<Object> ids = acknowledged.stream().map(Sending::aggregateId).toList();
        String claim = acknowledged.getFirst().claim();
        mongo.updateMulti(Query.query(Criteria.where(Outbox.CLAIM).is(claim).and(Outbox.LEASE_OWNER).is(owner)),
                new Update().unset(Outbox.EVENTS).unset(Outbox.PENDING_SINCE).unset(Outbox.LEASE_OWNER)
                    .unset(Outbox.LEASE_UNTIL).unset(Outbox.CLAIM), collection);
        List<Object> written = mongo.find(Query.query(Criteria.where("_id").in(ids).and(Outbox.LEASE_OWNER).is(owner)),
                Document.class, collection).stream().map(document -> document.get("_id")).toList();
        if (!written.isEmpty()) {
            var pulls = mongo.bulkOps(org.springframework.data.mongodb.core.BulkOperations.BulkMode.UNORDERED, collection);
            for (Sending sending : acknowledged) {
                if (written.contains(sending.aggregateId())) {
                    pulls.updateOne(Query.query(Criteria.where("_id").is(sending.aggregateId()).and(Outbox.LEASE_OWNER).is(owner)),
                            new Update().pull(Outbox.EVENTS, Query.query(Criteria.where("id").in(sending.eventIds())))
                                .unset(Outbox.LEASE_OWNER).unset(Outbox.LEASE_UNTIL).unset(Outbox.CLAIM));
                }
            }
            pulls.execute();
            mongo.updateMulti(Query.query(Criteria.where("_id").in(written).and(Outbox.EVENTS).size(0)),
                    new Update().unset(Outbox.PENDING_SINCE).unset(Outbox.EVENTS), collection);
        }
        List<Object> deleted = acknowledged.stream().filter(Sending::deleted).map(Sending::aggregateId).toList();
        if (!deleted.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(deleted).and(Outbox.DELETED).is(true)
                .and(Outbox.PENDING_SINCE).exists(false)), collection);
        }
    }

    private void release(String collection, Object id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(Outbox.LEASE_OWNER).is(owner)),
                new Update().unset(Outbox.LEASE_OWNER).unset(Outbox.LEASE_UNTIL).unset(Outbox.CLAIM), collection);
    }
}
