package com.cityexplorer.review.place;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;

/**
 * The places review-service knows of, kept from place-service's events (collection {@code known_places}),
 * so a review's place is checked without calling place-service: reviews keep working while it is down.
 * A deleted place's reviews are removed.
 */
@Component
public class KnownPlaces {

    private final ReadModel places;
    private final IdempotentEventHandler events;
    private final PlaceRemoval removal;

    KnownPlaces(MongoTemplate mongo, IdempotentEventHandler events, PlaceRemoval removal) {
        this.places = new ReadModel(mongo, "known_places");
        this.events = events;
        this.removal = removal;
    }

    public boolean exists(String placeId) {
        return places.exists(placeId);
    }

    @KafkaListener(topics = "ce.place.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-places", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case "PlaceCreated", "PlaceUpdated" -> places.apply(event, new Document("cityId", event.data().path("cityId").asString()));
            case "PlaceDeleted" -> {
                places.apply(event, null);
                removal.removeReviewsOf(event.aggregateId()); // again on a replay: finds nothing left to remove
            }
            default -> {
                // other place events are not needed here
            }
        }
    }

    /** What happens to a deleted place's reviews (implemented by the review feature). */
    public interface PlaceRemoval {
        void removeReviewsOf(String placeId);
    }
}
