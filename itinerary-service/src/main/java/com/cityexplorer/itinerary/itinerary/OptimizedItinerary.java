package com.cityexplorer.itinerary.itinerary;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/itineraries/{id}/optimize}: the itinerary as now saved, and the walk
 * (straight-line, open paths, summed over the days) before and after, in whole metres.
 */
record OptimizedItinerary(String id, String ownerId, String title, String cityId, String visibility, List<Itinerary.Day> days,
        Instant createdAt, Instant updatedAt, long distanceMetersBefore, long distanceMetersAfter) {

    static OptimizedItinerary of(Itinerary itinerary, double metersBefore, double metersAfter) {
        ItineraryView view = itinerary.view();
        return new OptimizedItinerary(view.id(), view.ownerId(), view.title(), view.cityId(), view.visibility(), view.days(),
                view.createdAt(), view.updatedAt(), Math.round(metersBefore), Math.round(metersAfter));
    }
}
