package com.cityexplorer.place.place;

import java.util.List;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/**
 * What place-service tells the others; each carries the place's whole current state (or its id and
 * last location when gone). An update also carries where the place was, so caches of what is near a
 * point (place-service's own cell cache) know which to drop.
 */
public final class PlaceEvents {

    private PlaceEvents() {
    }

    /** The event announcing a place of a catalog loaded at start (curated places), as it is stored. */
    public static DomainEvent seeded(Place place) {
        return new PlaceCreated(place.id(), place.cityId(), place.name(), place.category().value(), place.location(), place.tags());
    }

    @EventType(value = "PlaceCreated", version = 1)
    record PlaceCreated(String placeId, String cityId, String name, String category, Place.Location location,
            List<String> tags) implements DomainEvent {

        @Override
        public String aggregateId() {
            return placeId;
        }
    }

    @EventType(value = "PlaceUpdated", version = 1)
    record PlaceUpdated(String placeId, String cityId, String name, String category, Place.Location location,
            List<String> tags, Place.Location previousLocation) implements DomainEvent {

        @Override
        public String aggregateId() {
            return placeId;
        }
    }

    @EventType(value = "PlaceDeleted", version = 1)
    record PlaceDeleted(String placeId, String cityId, Place.Location location) implements DomainEvent {

        @Override
        public String aggregateId() {
            return placeId;
        }
    }
}
