package com.cityexplorer.platform.events;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies each event at most once per listener, in effect: Kafka delivers at least once, so an event
 * whose id this listener already recorded is skipped. Use it inside a {@code @KafkaListener}:
 *
 * <pre>
 * &#64;KafkaListener(topics = "ce.places.events")
 * void on(ConsumerRecord&lt;String, String&gt; record) {
 *     events.handle("itinerary-place-read-model", record, event -> readModel.apply(event));
 * }
 * </pre>
 *
 * The handler runs before the id is recorded: if the instance dies in between, the redelivered event
 * runs the handler again, so handlers must tolerate that (absolute values with versions, upserts), the
 * same as on a replica set without a transaction around both. A handler that throws is retried with
 * back-off and then dead-lettered by {@link PlatformEventsAutoConfiguration}'s error handler.
 */
public class IdempotentEventHandler {

    private final ProcessedEvents processedEvents;
    private final JsonMapper jsonMapper;
    private final MeterRegistry meterRegistry;

    IdempotentEventHandler(ProcessedEvents processedEvents, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
        this.processedEvents = processedEvents;
        this.jsonMapper = EventEnvelope.tolerantReader(jsonMapper);
        this.meterRegistry = meterRegistry;
    }

    /**
     * As {@link #handle(String, ConsumerRecord, Consumer)} for a listener that needs only some of a topic's
     * event types: the others are passed over before any database work (read from the record's
     * {@code ce-event-type} header, or its envelope), as topics carry all of a service's events.
     */
    public boolean handle(String listener, ConsumerRecord<String, String> record, java.util.Set<String> types,
            Consumer<EventEnvelope> handler) {
        return wanted(listener, record, types) && handle(listener, record, handler);
    }

    /**
     * For a handler that is idempotent by itself, because it stores the version or revision of what it
     * applied and applies only newer ones: the event runs the handler without its id being looked up
     * or recorded, two database round trips fewer per event on a hot path. A redelivered event runs it
     * again and changes nothing. Other event types are passed over as in {@link #handle(String,
     * ConsumerRecord, java.util.Set, Consumer)}.
     */
    public void applyVersioned(String listener, ConsumerRecord<String, String> record, java.util.Set<String> types,
            Consumer<EventEnvelope> handler) {
        if (!wanted(listener, record, types)) {
            return;
        }
        EventEnvelope event = read(record);
        handler.accept(event);
        meterRegistry.counter("ce.events.consumed", "listener", listener, "type", event.type(), "outcome", "applied").increment();
    }

    /** Returns true when the handler ran, false when the event had already been applied. */
    public boolean handle(String listener, ConsumerRecord<String, String> record, Consumer<EventEnvelope> handler) {
        EventEnvelope event = read(record);
        if (processedEvents.contains(listener, event)) {
            meterRegistry.counter("ce.events.consumed", "listener", listener, "type", event.type(), "outcome", "duplicate")
                .increment();
            return false;
        }
        handler.accept(event);
        processedEvents.record(listener, event);
        meterRegistry.counter("ce.events.consumed", "listener", listener, "type", event.type(), "outcome", "applied")
            .increment();
        return true;
    }

    /** Whether the record is of one of these types, read from its header when it has one (counted as ignored otherwise). */
    private boolean wanted(String listener, ConsumerRecord<String, String> record, java.util.Set<String> types) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader("ce-event-type");
        String type = header != null ? new String(header.value(), java.nio.charset.StandardCharsets.UTF_8) : read(record).type();
        if (!types.contains(type)) {
            meterRegistry.counter("ce.events.consumed", "listener", listener, "type", type, "outcome", "ignored").increment();
            return false;
        }
        return true;
    }

    /** The data of an event as the record type its listener expects. */
    public <T> T data(EventEnvelope event, Class<T> type) {
        try {
            return jsonMapper.treeToValue(event.data(), type);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("Event " + event.id() + " (" + event.type() + ") has unreadable data", ex);
        }
    }

    private EventEnvelope read(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new InvalidEventException("Empty event at " + record.topic() + "-" + record.partition() + "@" + record.offset());
        }
        try {
            return jsonMapper.readValue(record.value(), EventEnvelope.class);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("Unreadable event at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset(), ex);
        }
    }
}
