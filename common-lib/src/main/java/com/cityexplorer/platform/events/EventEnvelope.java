package com.cityexplorer.platform.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels on a service's events topic, as JSON: the event ({@code data}) with what every consumer
 * needs to handle it safely. {@code aggregateId} is also the Kafka key, so all events of one aggregate
 * stay in order on one partition; {@code id} lets consumers recognise an event they already applied.
 *
 * @param id unique per event, stable across redeliveries
 * @param type the event's name, for example {@code PlaceDeleted}
 * @param version the schema version of {@code data} (see docs/events.md)
 * @param source the service that published it
 * @param aggregateId the id of the thing the event is about
 * @param timestamp when it happened
 * @param traceparent the W3C trace context of the request that caused it, if any
 * @param data the event itself
 */
public record EventEnvelope(UUID id, String type, int version, String source, String aggregateId, Instant timestamp,
        String traceparent, JsonNode data) {

    public EventEnvelope {
        if (id == null || type == null || type.isBlank() || aggregateId == null || aggregateId.isBlank()
                || data == null || version < 1) {
            throw new InvalidEventException("An event needs an id, a type, a version of at least 1, an aggregate id and data");
        }
    }

    /**
     * A mapper that reads events written by newer producers: fields this consumer does not know yet are
     * ignored (the HTTP API, by contrast, rejects unknown fields).
     */
    public static JsonMapper tolerantReader(JsonMapper jsonMapper) {
        return jsonMapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }
}
