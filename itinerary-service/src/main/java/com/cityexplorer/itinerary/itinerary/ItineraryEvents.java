package com.cityexplorer.itinerary.itinerary;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/**
 * What itinerary-service tells the others. Only ids, the city and the visibility: titles, dates, stops
 * and notes are the owner's private data and stay here (a consumer that needs a public itinerary's
 * content reads it through the API, which checks who may see it).
 */
final class ItineraryEvents {

    private ItineraryEvents() {
    }

    @EventType(value = "ItineraryCreated", version = 1)
    record ItineraryCreated(String itineraryId, String ownerId, String cityId, String visibility) implements DomainEvent {

        @Override
        public String aggregateId() {
            return itineraryId;
        }
    }

    @EventType(value = "ItineraryUpdated", version = 1)
    record ItineraryUpdated(String itineraryId, String ownerId, String cityId, String visibility) implements DomainEvent {

        @Override
        public String aggregateId() {
            return itineraryId;
        }
    }

    @EventType(value = "ItineraryDeleted", version = 1)
    record ItineraryDeleted(String itineraryId, String ownerId, String cityId) implements DomainEvent {

        @Override
        public String aggregateId() {
            return itineraryId;
        }
    }

    static ItineraryCreated created(Itinerary itinerary) {
        return new ItineraryCreated(itinerary.id(), itinerary.ownerId(), itinerary.cityId(), itinerary.visibility().value());
    }

    static ItineraryUpdated updated(Itinerary itinerary) {
        return new ItineraryUpdated(itinerary.id(), itinerary.ownerId(), itinerary.cityId(), itinerary.visibility().value());
    }

    static ItineraryDeleted deleted(Itinerary itinerary) {
        return new ItineraryDeleted(itinerary.id(), itinerary.ownerId(), itinerary.cityId());
    }
}
