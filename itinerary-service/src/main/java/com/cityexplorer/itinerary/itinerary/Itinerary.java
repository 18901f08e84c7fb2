package com.cityexplorer.itinerary.itinerary;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user's plan for visiting a city, day by day, each day an ordered list of stops at places of that city.
 * Saved through the outbox, so each change and its event are one write.
 * <p>
 * Dates and start times are stored as ISO-8601 text ({@code 2026-12-01}, {@code 09:30}): Spring Data would
 * otherwise store a {@code LocalDate} or {@code LocalTime} as an instant in the JVM's default time zone, and
 * read it back differently on an instance in another zone. ISO text also sorts chronologically.
 * <p>
 * Indexes are for MongoDB: the owner's list ({@code ownerId}, newest first) and the places' stops (a
 * deleted place is removed from every itinerary that has it). The embedded MongoDB-wire server has no
 * secondary indexes and scans the collection for those two queries; requests otherwise read by {@code _id}.
 */
@Document("itineraries")
@CompoundIndex(name = "owner_updated", def = "{'ownerId': 1, 'updatedAt': -1, '_id': 1}")
@CompoundIndex(name = "stop_place", def = "{'days.stops.placeId': 1}")
record Itinerary(
        @Id String id,
        String ownerId,
        String title,
        String cityId,
        Visibility visibility,
        List<Day> days,
        Instant createdAt,
        Instant updatedAt) {

    Itinerary {
        days = days == null ? List.of() : List.copyOf(days);
    }

    /** One day of the plan: its date and its stops in the order they are visited. */
    record Day(String date, List<Stop> stops) {

        Day {
            stops = stops == null ? List.of() : List.copyOf(stops);
        }
    }

    /** A visit to a place: when it starts (local time of day), for how long, and the owner's note. */
    record Stop(String placeId, String startTime, int durationMinutes, String note) {
    }

    /** Every place the itinerary visits, once each, in order of first visit. */
    Set<String> placeIds() {
        Set<String> ids = new LinkedHashSet<>();
        days.forEach(day -> day.stops().forEach(stop -> ids.add(stop.placeId())));
        return ids;
    }

    boolean visits(Set<String> placeIds) {
        return days.stream().anyMatch(day -> day.stops().stream().anyMatch(stop -> placeIds.contains(stop.placeId())));
    }

    /**
     * The itinerary without any stop at these places. It stays valid: the days keep their dates, the
     * remaining stops their order and start times (a subsequence of an ordered list is ordered), and a day
     * may be left without stops.
     */
    Itinerary withoutPlaces(Set<String> placeIds, Instant now) {
        List<Day> kept = days.stream()
            .map(day -> new Day(day.date(), day.stops().stream().filter(stop -> !placeIds.contains(stop.placeId())).toList()))
            .toList();
        return new Itinerary(id, ownerId, title, cityId, visibility, kept, createdAt, now);
    }

    Itinerary withDays(List<Day> newDays, Instant now) {
        return new Itinerary(id, ownerId, title, cityId, visibility, newDays, createdAt, now);
    }

    boolean isVisibleTo(String userId) {
        return visibility == Visibility.PUBLIC || ownerId.equals(userId);
    }

    ItineraryView view() {
        return new ItineraryView(id, ownerId, title, cityId, visibility.value(), days, createdAt, updatedAt);
    }
}
