package com.cityexplorer.city.city;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** What city-service tells the others; each carries the city's whole current state (or its id when gone). */
final class CityEvents {

    private CityEvents() {
    }

    @EventType(value = "CityCreated", version = 1)
    record CityCreated(String cityId, String name, String countryCode, long population, City.Location location,
            String timezone) implements DomainEvent {

        @Override
        public String aggregateId() {
            return cityId;
        }
    }

    @EventType(value = "CityUpdated", version = 1)
    record CityUpdated(String cityId, String name, String countryCode, long population, City.Location location,
            String timezone) implements DomainEvent {

        @Override
        public String aggregateId() {
            return cityId;
        }
    }

    @EventType(value = "CityDeleted", version = 1)
    record CityDeleted(String cityId) implements DomainEvent {

        @Override
        public String aggregateId() {
            return cityId;
        }
    }
}
