package com.cityexplorer.platform.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka record of an event as every publisher of the platform sends it (the outbox relay, the local
 * event journal, seed announcements): the {@link EventEnvelope} as JSON, keyed by its aggregate, with the
 * event type in the {@value #TYPE_HEADER} header (so consumers filter without parsing) and the W3C trace
 * context in {@value #TRACEPARENT_HEADER} when the event has one.
 */
public final class EventRecords {

    /** The event's type ({@link EventEnvelope#type()}). */
    public static final String TYPE_HEADER = "ce-event-type";

    /** The W3C trace context of the request that caused the event ({@link EventEnvelope#traceparent()}). */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private EventRecords() {
    }

    /**
     * A record for {@code topic} with {@code key} and the envelope's JSON as value.
     *
     * @param envelopeJson the {@link EventEnvelope}, serialised
     * @param type the envelope's type, for the {@value #TYPE_HEADER} header
     * @param traceparent the envelope's trace context, or {@code null} for none (no header then)
     */
    public static ProducerRecord<String, String> record(String topic, String key, String envelopeJson, String type,
            String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, envelopeJson);
        record.headers().add(TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            record.headers().add(TRACEPARENT_HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
