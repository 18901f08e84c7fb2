package com.cityexplorer.place.rating;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.cache.PlaceCache;
import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.InvalidEventException;
import com.cityexplorer.platform.events.outbox.Outbox;

/**
 * A place's rating, kept from review-service's {@code PlaceRatingChanged} events. Each carries the
 * place's whole summary (count and average) and a version that grows with every change, so applying
 * one is a single conditional write: only over an older version. A replayed or overtaken event
 * changes nothing, and nothing else writes the rating (administrators' changes leave it alone).
 */
@Component
class PlaceRatings {

    static final String RATING_VERSION = "ratingVersion";

    private final MongoTemplate mongo;
    private final IdempotentEventHandler events;
    private final PlaceCache cache;

    PlaceRatings(MongoTemplate mongo, IdempotentEventHandler events, PlaceCache cache) {
        this.mongo = mongo;
        this.events = events;
        this.cache = cache;
    }

    @KafkaListener(topics = "ce.review.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("place-ratings", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!"PlaceRatingChanged".equals(event.type())) {
            return; // review-service's other events are not needed here
        }
        JsonNode data = event.data();
        String placeId = data.path("placeId").asString(null);
        long count = data.path("count").asLong(-1);
        double average = data.path("average").asDouble(-1);
        long version = data.path("version").asLong(0);
        if (placeId == null || count < 0 || version <= 0 || (count == 0 ? average != 0 : average < 1 || average > 5)) {
            throw new InvalidEventException("PlaceRatingChanged needs placeId, count >= 0, average 1-5 (0 without reviews) and version > 0: "
                    + data);
        }
        Query olderRating = Query.query(Criteria.where("_id").is(placeId)).addCriteria(Outbox.live())
            .addCriteria(new Criteria().orOperator(Criteria.where(RATING_VERSION).lt(version), Criteria.where(RATING_VERSION).exists(false)));
        Update rating = new Update().set("rating", new Document("average", average).append("count", count)).set(RATING_VERSION, version);
        if (mongo.updateFirst(olderRating, rating, "places").getModifiedCount() > 0) {
            cache.changed(placeId);
        }
    }
}
