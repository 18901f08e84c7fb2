package com.cityexplorer.itinerary.itinerary;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.cityexplorer.itinerary.place.KnownPlaces.KnownPlace;

import static org.assertj.core.api.Assertions.assertThat;

/** How an itinerary's days are reordered: the walk decides the order, the day keeps its time slots. */
class ItineraryOptimizerTest {

    static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    /** Along one street, one kilometre apart. */
    static final Map<String, KnownPlace> PLACES = Map.of(
            "p0", place("p0", 0), "p1", place("p1", 1), "p2", place("p2", 2), "p3", place("p3", 3));

    @Test
    void handsTheDaysStartTimesInTheirOrderToTheStopsInTheirNewOrder() {
        Itinerary itinerary = itinerary(new Itinerary.Day("2026-12-01", List.of(
                new Itinerary.Stop("p0", "09:00", 30, "breakfast"),
                new Itinerary.Stop("p3", "10:00", 120, null),
                new Itinerary.Stop("p1", "12:30", 45, "lunch"),
                new Itinerary.Stop("p2", "12:30", 60, null))));

        ItineraryOptimizer.Result result = ItineraryOptimizer.optimize(itinerary, PLACES, NOW);

        assertThat(result.changed()).isTrue();
        assertThat(result.itinerary().days().getFirst().stops()).containsExactly(
                new Itinerary.Stop("p0", "09:00", 30, "breakfast"),
                new Itinerary.Stop("p1", "10:00", 45, "lunch"),
                new Itinerary.Stop("p2", "12:30", 60, null),
                new Itinerary.Stop("p3", "12:30", 120, null));
        assertThat(result.itinerary().updatedAt()).isEqualTo(NOW);
        assertThat(result.itinerary().createdAt()).isEqualTo(CREATED);
        assertThat(result.metersAfter()).isLessThan(result.metersBefore());
    }

    @Test
    void sumsTheWalkOverTheDaysAndLeavesAnAlreadyShortItineraryAsItIs() {
        Itinerary itinerary = itinerary(
                new Itinerary.Day("2026-12-01", List.of(new Itinerary.Stop("p0", "09:00", 30, null), new Itinerary.Stop("p1", "10:00", 30, null))),
                new Itinerary.Day("2026-12-02", List.of(new Itinerary.Stop("p2", "09:00", 30, null), new Itinerary.Stop("p3", "10:00", 30, null))),
                new Itinerary.Day("2026-12-03", List.of()));

        ItineraryOptimizer.Result result = ItineraryOptimizer.optimize(itinerary, PLACES, NOW);

        assertThat(result.changed()).isFalse();
        assertThat(result.itinerary()).isSameAs(itinerary);
        assertThat(result.metersBefore()).isEqualTo(result.metersAfter()).isBetween(1990.0, 2010.0);
    }

    @Test
    void leavesADayWithAPlaceItNoLongerKnowsAsItIs() {
        Itinerary itinerary = itinerary(new Itinerary.Day("2026-12-01", List.of(
                new Itinerary.Stop("p0", "09:00", 30, null), new Itinerary.Stop("p3", "10:00", 30, null),
                new Itinerary.Stop("gone", "11:00", 30, null), new Itinerary.Stop("p1", "12:00", 30, null))));

        ItineraryOptimizer.Result result = ItineraryOptimizer.optimize(itinerary, PLACES, NOW);

        assertThat(result.changed()).isFalse();
        assertThat(result.metersBefore()).isEqualTo(result.metersAfter()).isBetween(4_950.0, 5_050.0); // 3 km out, 2 km back
    }

    private static Itinerary itinerary(Itinerary.Day... days) {
        return new Itinerary("it-1", "user-1", "Plan", "city-1", Visibility.PRIVATE, List.of(days), CREATED, CREATED);
    }

    private static KnownPlace place(String id, int km) {
        return new KnownPlace(id, "city-1", id, 48.85, 2.30 + km * 0.0136);
    }
}
