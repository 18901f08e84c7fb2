package com.cityexplorer.place.city;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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
        return mongo.exists(Query.query(Criteria.where("_id").is(cityId).and("deleted").ne(true)), COLLECTION);
    }

    @KafkaListener(topics = "ce.city.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-cities", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        Instant at = event.timestamp();
        Query newer = Query.query(Criteria.where("_id").is(event.aggregateId()))
            .addCriteria(new Criteria().orOperator(Criteria.where("at").exists(false), Criteria.where("at").lte(at)));
        switch (event.type()) {
            case "CityCreated", "CityUpdated" -> {
                if (isDeleted(event.aggregateId())) {
                    return;
                }
                JsonNode data = event.data();
                upsertIfNewer(newer, new Update()
                    .set("name", data.path("name").asString())
                    .set("countryCode", data.path("countryCode").asString())
                    .set("lat", data.path("location").path("lat").asDouble())
                    .set("lon", data.path("location").path("lon").asDouble())
                    .set("at", at), event.aggregateId());
            }
            case "CityDeleted" -> upsertIfNewer(newer, new Update().set("deleted", true).set("at", at), event.aggregateId());
            default -> {
                // Other city events are not needed here.
            }
        }
    }

    private boolean isDeleted(String cityId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(cityId).and("deleted").is(true)), COLLECTION);
    }

    private void upsertIfNewer(Query newer, Update update, String cityId) {
        try {
            mongo.upsert(newer, update, COLLECTION);
        }
        catch (org.springframework.dao.DuplicateKeyException ex) {
            // The stored state is newer than this event (the query did not match, the insert hit the id): keep it.
        }
    }
}
