package com.cityexplorer.itinerary.itinerary;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.cityexplorer.itinerary.place.PlaceDeletedReaction;
import com.cityexplorer.itinerary.user.UserDeletedReaction;
import com.cityexplorer.platform.events.outbox.Outbox;

/**
 * What follows for itineraries when a place or an account is deleted elsewhere: the place's stops are
 * removed from every itinerary (which stays valid, see {@link Itinerary#withoutPlaces}), and the user's
 * itineraries are deleted. Both are idempotent: run again, they find nothing left to do.
 * <p>
 * Each finds the itineraries concerned by a query on {@code days.stops.placeId} or {@code ownerId} (indexed
 * on MongoDB, a collection scan on the embedded server), reading only their ids, then reads each by id just
 * before changing it, so an owner's edit saved meanwhile is not overwritten with an older copy.
 */
@Component
class ItineraryCleanup implements PlaceDeletedReaction, UserDeletedReaction {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    ItineraryCleanup(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void placeDeleted(String placeId) {
        for (String id : ids(Criteria.where("days.stops.placeId").is(placeId))) {
            outbox.findLive(id, Itinerary.class).filter(itinerary -> itinerary.visits(Set.of(placeId))).ifPresent(itinerary -> {
                Itinerary stripped = itinerary.withoutPlaces(Set.of(placeId), clock.instant().truncatedTo(ChronoUnit.MILLIS));
                outbox.save(stripped, ItineraryEvents.updated(stripped));
            });
        }
    }

    @Override
    public void userDeleted(String userId) {
        for (String id : ids(Criteria.where("ownerId").is(userId))) {
            outbox.findLive(id, Itinerary.class).filter(itinerary -> itinerary.ownerId().equals(userId))
                .ifPresent(itinerary -> outbox.delete(Itinerary.class, id, ItineraryEvents.deleted(itinerary)));
        }
    }

    private List<String> ids(Criteria criteria) {
        Query query = new Query(criteria).addCriteria(Outbox.live());
        query.fields().include("_id");
        List<String> ids = new ArrayList<>();
        try (var documents = mongo.stream(query, Document.class, mongo.getCollectionName(Itinerary.class))) {
            documents.forEach(document -> ids.add(document.getString("_id")));
        }
        return ids;
    }
}
