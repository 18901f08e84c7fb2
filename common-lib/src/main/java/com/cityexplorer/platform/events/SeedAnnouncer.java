package com.cityexplorer.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Announces seed data (a catalog loaded at first start) straight to the service's events topic, in
 * bulk, rather than through the outbox: tens of thousands of outbox entries would keep the relay
 * scanning for minutes on a database without secondary indexes. Nothing is lost this way because each
 * event's id is derived from its type, version and aggregate: the loader announces everything again
 * until it has recorded that Kafka acknowledged all of it, and consumers skip ids they already applied.
 */
public class SeedAnnouncer {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper jsonMapper;
    private final String topic;
    private final String source;

    SeedAnnouncer(KafkaTemplate<String, String> kafka, JsonMapper jsonMapper, String topic, String source) {
        this.kafka = kafka;
        this.jsonMapper = jsonMapper;
        this.topic = topic;
        this.source = source;
    }

    /** Publishes the events and returns once Kafka has acknowledged every one (or throws). */
    public void announce(List<? extends DomainEvent> events) {
        List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
        Instant now = Instant.now();
        for (DomainEvent event : events) {
            EventType type = event.getClass().getAnnotation(EventType.class);
            if (type == null) {
                throw new IllegalArgumentException(event.getClass().getName() + " needs an @EventType");
            }
            UUID id = UUID.nameUUIDFromBytes((type.value() + ":" + type.version() + ":" + event.aggregateId())
                .getBytes(StandardCharsets.UTF_8));
            EventEnvelope envelope = new EventEnvelope(id, type.value(), type.version(), source, event.aggregateId(), now, null,
                    jsonMapper.valueToTree(event));
            acks.add(kafka.send(EventRecords.record(topic, event.aggregateId(), jsonMapper.writeValueAsString(envelope),
                    type.value(), null)));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        }
        catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Seed events were not all acknowledged by Kafka; they will be announced again", ex);
        }
    }
}
