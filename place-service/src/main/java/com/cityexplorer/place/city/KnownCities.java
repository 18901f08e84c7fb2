package com.cityexplorer.place.city;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;

/**
 * What place-service knows of cities, kept from city-service's events (collection {@code known_cities}),
 * so a place's city is checked on the write path without calling city-service: writes keep working
 * while city-service is down. Population and position are kept for the synthetic catalog.
 */
@Component
public class KnownCities {

    private final ReadModel cities;
    private final IdempotentEventHandler events;

    KnownCities(MongoTemplate mongo, IdempotentEventHandler events) {
        this.cities = new ReadModel(mongo, "known_cities");
        this.events = events;
    }

    public boolean exists(String cityId) {
        return cities.exists(cityId);
    }

    @KafkaListener(topics = "ce.city.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-cities", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        JsonNode data = event.data();
        switch (event.type()) {
            case "CityCreated", "CityUpdated" -> cities.apply(event, new Document("name", data.path("name").asString())
                .append("countryCode", data.path("countryCode").asString())
                .append("lat", data.path("location").path("lat").asDouble())
                .append("lon", data.path("location").path("lon").asDouble())
                .append("population", data.path("population").asLong()));
            case "CityDeleted" -> cities.apply(event, null);
            default -> {
                // other city events are not needed here
            }
        }
    }
}
