package com.cityexplorer.itinerary.place;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;
import com.cityexplorer.platform.events.InvalidEventException;

/**
 * What itinerary-service knows of places, kept from place-service's events (collection {@code known_places}:
 * city, name and location), so stops are checked and optimised without calling place-service: itineraries
 * are created, read, changed and optimised while place-service is down. Each event carries the place's
 * whole state; an event older than what is stored (a replayed one) changes nothing, and a deleted place
 * stays as a tombstone so a late {@code PlaceUpdated} cannot bring it back. When a place is deleted, the
 * {@link PlaceDeletedReaction}s run (itineraries drop its stops).
 */
@Component
public class KnownPlaces {

    static final String COLLECTION = "known_places";

    private final ReadModel places;
    private final IdempotentEventHandler events;
    private final ObjectProvider<PlaceDeletedReaction> reactions;

    KnownPlaces(MongoTemplate mongo, IdempotentEventHandler events, ObjectProvider<PlaceDeletedReaction> reactions) {
        this.places = new ReadModel(mongo, COLLECTION);
        this.events = events;
        this.reactions = reactions;
    }

    /** A place that exists, as far as place-service's events have told. */
    public record KnownPlace(String id, String cityId, String name, double lat, double lon) {
    }

    /** The places among {@code ids} that exist; unknown and deleted ones are left out. */
    public Map<String, KnownPlace> live(Collection<String> ids) {
        Map<String, KnownPlace> live = new HashMap<>();
        places.findAllStored(ids).forEach((id, place) -> {
            if (!ReadModel.isTombstone(place)) {
                live.put(id, new KnownPlace(id, place.getString("cityId"), place.getString("name"), place.getDouble("lat"),
                        place.getDouble("lon")));
            }
        });
        return live;
    }

    /** The places among {@code ids} that are known to be deleted. */
    public Set<String> deleted(Collection<String> ids) {
        Set<String> deleted = new HashSet<>();
        places.findAllStored(ids).forEach((id, place) -> {
            if (ReadModel.isTombstone(place)) {
                deleted.add(id);
            }
        });
        return deleted;
    }

    @KafkaListener(topics = "ce.place.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-places", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case "PlaceCreated", "PlaceUpdated" -> {
                JsonNode data = event.data();
                JsonNode location = data.path("location");
                if (data.path("cityId").asString(null) == null || !location.path("lat").isNumber() || !location.path("lon").isNumber()) {
                    throw new InvalidEventException(event.type() + " needs cityId and location {lat, lon}: " + data);
                }
                places.apply(event, new Document("cityId", data.path("cityId").asString())
                    .append("name", data.path("name").asString(""))
                    .append("lat", location.path("lat").asDouble())
                    .append("lon", location.path("lon").asDouble()));
            }
            case "PlaceDeleted" -> {
                places.apply(event, null);
                // Also when the tombstone was already there: this may be the redelivery of an event whose
                // reactions did not finish (the instance died after writing the tombstone). They are idempotent.
                // The tombstone is written first, so a write that checked the place before it and is saved after
                // these reactions ran sees the tombstone when it checks again (Itineraries#store).
                reactions.orderedStream().forEach(reaction -> reaction.placeDeleted(event.aggregateId()));
            }
            default -> {
                // other place events are not needed here
            }
        }
    }
}
