package com.cityexplorer.place.city;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;

/**
 * What place-service knows of cities, kept from city-service's events (collection {@code known_cities}),
 * so a place's city is checked on the write path without calling city-service: writes keep working
 * while city-service is down. Each event carries the city's whole state; an event older than what is
 * stored (a replayed one) changes nothing, and a deleted city stays as a tombstone so a late
 * {@code CityUpdated} cannot bring it back.
 */
@Component
public class KnownCities {

    static final String COLLECTION = "known_cities";

    private final MongoTemplate mongo;
    private final IdempotentEventHandler events;

    KnownCities(MongoTemplate mongo, IdempotentEventHandler events) {
        this.mongo = mongo;
        this.events = events;
    }

    public boolean exists(String cityId) {
        Document city = mongo.getCollection(COLLECTION).find(new Document("_id", cityId)).first();
        return city != null && !Boolean.TRUE.equals(city.getBoolean("deleted"));
    }

    @KafkaListener(topics = "ce.city.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-cities", record, this::apply);
    }

    /**
     * Applies a city event unless what is stored is newer. Read, compare, write by id: the events of one
     * city arrive in order on one partition and are applied by one consumer, so nothing writes the same
     * city in between (and lookups by id are the one thing every MongoDB-wire server answers from an index).
     */
    private void apply(EventEnvelope event) {
        Document stored = mongo.getCollection(COLLECTION).find(new Document("_id", event.aggregateId())).first();
        java.util.Date at = java.util.Date.from(event.timestamp());
        if (stored != null && (Boolean.TRUE.equals(stored.getBoolean("deleted")) || stored.getDate("at").after(at))) {
            return; // deleted for good, or already newer than this (replayed) event
        }
        Document city = switch (event.type()) {
            case "CityCreated", "CityUpdated" -> {
                JsonNode data = event.data();
                yield new Document("_id", event.aggregateId())
                    .append("name", data.path("name").asString())
                    .append("countryCode", data.path("countryCode").asString())
                    .append("lat", data.path("location").path("lat").asDouble())
                    .append("lon", data.path("location").path("lon").asDouble())
                    .append("population", data.path("population").asLong())
                    .append("at", at);
            }
            case "CityDeleted" -> new Document("_id", event.aggregateId()).append("deleted", true).append("at", at);
            default -> null; // other city events are not needed here
        };
        if (city != null) {
            mongo.getCollection(COLLECTION).replaceOne(new Document("_id", event.aggregateId()), city,
                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
        }
    }
}
