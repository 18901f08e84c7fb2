package com.cityexplorer.place.rating;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.cache.PlaceCache;
import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.InvalidEventException;

/**
 * A place's rating, kept from review-service's {@code PlaceRatingChanged} events. Each carries the
 * place's whole summary (count and average) and a version that grows with every change, and is
 * applied only over an older version. A replayed or overtaken event
 * changes nothing, and nothing else writes the rating (administrators' changes leave it alone).
 */
@Component
class PlaceRatings {

    static final String RATING_VERSION = "ratingVersion";

    private final MongoTemplate mongo;
    private final IdempotentEventHandler events;
    private final PlaceCache cache;

    private final io.micrometer.core.instrument.Timer delay;

    PlaceRatings(MongoTemplate mongo, IdempotentEventHandler events, PlaceCache cache, io.micrometer.core.instrument.MeterRegistry meters) {
        this.mongo = mongo;
        this.events = events;
        this.cache = cache;
        this.delay = io.micrometer.core.instrument.Timer.builder("ce.place.rating.delay")
            .description("From a review's change to its place's rating showing it")
            .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram().register(meters);
    }

    // Three consumers per instance (of the topic's six partitions): a rating follows every review.
    @KafkaListener(topics = "ce.review.events", groupId = "${spring.application.name}", concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        events.applyVersioned("place-ratings", record, java.util.Set.of("PlaceRatingChanged"), this::apply);
    }

    private void apply(EventEnvelope event) {
        JsonNode data = event.data();
        String placeId = data.path("placeId").asString(null);
        long count = data.path("count").asLong(-1);
        double average = data.path("average").asDouble(-1);
        long version = data.path("version").asLong(0);
        if (placeId == null || count < 0 || version <= 0 || (count == 0 ? average != 0 : average < 1 || average > 5)) {
            throw new InvalidEventException("PlaceRatingChanged needs placeId, count >= 0, average 1-5 (0 without reviews) and version > 0: "
                    + data);
        }
        // Read, compare, write by id: a place's summaries arrive in order on one partition and are applied
        // by one consumer, and nothing else writes the rating. (By id alone, because the embedded server
        // scans the collection for a query with any other condition.)
        Document place = mongo.getCollection("places").find(new Document("_id", placeId)).first();
        if (place == null || Boolean.TRUE.equals(place.get("_deleted")) || place.get(RATING_VERSION) instanceof Number stored
                && stored.longValue() >= version) {
            return; // no such place (any more), or already as new as this
        }
        mongo.getCollection("places").updateOne(new Document("_id", placeId), new Document("$set",
                new Document("rating", new Document("average", average).append("count", count)).append(RATING_VERSION, version)));
        cache.changed(placeId);
        String reviewChangedAt = data.path("reviewChangedAt").asString(null);
        try {
            if (reviewChangedAt != null) {
                delay.record(java.time.Duration.between(java.time.Instant.parse(reviewChangedAt), java.time.Instant.now()));
            }
        }
        catch (java.time.format.DateTimeParseException ex) {
            // malformed: nothing to measure (the rating itself is applied)
        }
    }
}
