package com.cityexplorer.itinerary.itinerary;

import java.time.Instant;
import java.util.List;

/** An itinerary as the API shows it. */
record ItineraryView(String id, String ownerId, String title, String cityId, String visibility, List<Itinerary.Day> days,
        Instant createdAt, Instant updatedAt) {
}
