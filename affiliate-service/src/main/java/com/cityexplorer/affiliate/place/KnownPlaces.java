package com.cityexplorer.affiliate.place;

import java.util.Set;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The places affiliate-service knows of, kept from place-service's events (collection {@code known_places}),
 * so an offer's place is checked without calling place-service. A deleted place's offers are retired.
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
        events.handle("known-places", record, Set.of("PlaceCreated", "PlaceUpdated", "PlaceDeleted"), this::apply);
    }

    private void apply(EventEnvelope event) {
        if (event.type().equals("PlaceDeleted")) {
            places.apply(event, null);
            removal.retireOffersOf(event.aggregateId()); // again on a replay: finds nothing left to retire
        }
        else {
            places.apply(event, new Document());
        }
    }

    /** What happens to a deleted place's offers (implemented by the offer feature). */
    public interface PlaceRemoval {
        void retireOffersOf(String placeId);
    }
}
