package com.cityexplorer.itinerary.itinerary;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.cityexplorer.itinerary.itinerary.optimize.WalkingOrder;
import com.cityexplorer.itinerary.place.KnownPlaces.KnownPlace;

/**
 * Reorders each day of an itinerary with {@link WalkingOrder}, using the locations itinerary-service keeps
 * of places (so it works while place-service is down).
 * <p>
 * Start times: a day's start times stay as they were, in chronological order, and are handed to the
 * reordered stops in turn (the first time to the stop now first, and so on). The owner planned the day's
 * rhythm (a 09:00 start, lunch at 12:30...); the walk decides which place fills which slot. A stop keeps its
 * duration and note, so a long visit may now run into the next slot; that is the owner's to adjust.
 */
final class ItineraryOptimizer {

    private ItineraryOptimizer() {
    }

    /**
     * @param itinerary the itinerary with its days reordered (the same object when nothing changed)
     * @param metersBefore the walk in the old order, summed over the days
     * @param metersAfter the walk in the new order, summed over the days; never more than before
     */
    record Result(Itinerary itinerary, double metersBefore, double metersAfter, boolean changed) {
    }

    static Result optimize(Itinerary itinerary, Map<String, KnownPlace> places, Instant now) {
        List<Itinerary.Day> days = new ArrayList<>();
        double before = 0;
        double after = 0;
        boolean changed = false;
        for (Itinerary.Day day : itinerary.days()) {
            List<WalkingOrder.Stop> located = day.stops().stream()
                .filter(stop -> places.containsKey(stop.placeId()))
                .map(stop -> new WalkingOrder.Stop(stop.placeId(), places.get(stop.placeId()).lat(), places.get(stop.placeId()).lon()))
                .toList();
            if (located.size() < day.stops().size()) {
                // A place deleted since the stop was checked (its stops are being removed by the PlaceDeleted
                // reaction): this day is left as it is and measured through the places still known.
                double meters = WalkingOrder.lengthMeters(located);
                before += meters;
                after += meters;
                days.add(day);
                continue;
            }
            WalkingOrder.Route route = WalkingOrder.optimize(located);
            before += route.metersBefore();
            after += route.metersAfter();
            if (route.reordered()) {
                days.add(reorder(day, route.order()));
                changed = true;
            }
            else {
                days.add(day);
            }
        }
        return new Result(changed ? itinerary.withDays(days, now) : itinerary, before, after, changed);
    }

    static Itinerary.Day reorder(Itinerary.Day day, List<Integer> order) {
        List<String> times = day.stops().stream().map(Itinerary.Stop::startTime)
            .sorted(Comparator.comparing(LocalTime::parse))
            .toList();
        List<Itinerary.Stop> stops = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            Itinerary.Stop stop = day.stops().get(order.get(i));
            stops.add(new Itinerary.Stop(stop.placeId(), times.get(i), stop.durationMinutes(), stop.note()));
        }
        return new Itinerary.Day(day.date(), stops);
    }
}
