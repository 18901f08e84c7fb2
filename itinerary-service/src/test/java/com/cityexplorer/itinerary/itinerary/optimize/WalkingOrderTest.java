package com.cityexplorer.itinerary.itinerary.optimize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.cityexplorer.itinerary.itinerary.optimize.WalkingOrder.Route;
import com.cityexplorer.itinerary.itinerary.optimize.WalkingOrder.Stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WalkingOrderTest {

    /** About one kilometre of longitude at the latitude of Paris. */
    static final double KM_EAST = 0.0136;

    @Test
    void straightensAZigZagAlongAStreet() {
        // 0, 4, 1, 3, 2 km east of the first stop: 10 km as given, 4 km in order.
        List<Stop> day = List.of(east("s0", 0), east("s4", 4), east("s1", 1), east("s3", 3), east("s2", 2));

        Route route = WalkingOrder.optimize(day);

        assertThat(ids(day, route)).containsExactly("s0", "s1", "s2", "s3", "s4");
        assertThat(route.metersBefore()).isCloseTo(10 * km(), within(1.0));
        assertThat(route.metersAfter()).isCloseTo(4 * km(), within(1.0));
        assertThat(route.reordered()).isTrue();
    }

    @Test
    void startsWhereTheDayStartsEvenWhenAnotherStartWouldBeShorter() {
        // Starting from the far end, 3 km east, the best is to walk back: 3, 2, 1, 0... and never to start at 0.
        List<Stop> day = List.of(east("s3", 3), east("s0", 0), east("s2", 2), east("s1", 1));

        Route route = WalkingOrder.optimize(day);

        assertThat(ids(day, route)).containsExactly("s3", "s2", "s1", "s0");
    }

    @Test
    void isNeverLongerThanTheGivenOrderOrThanNearestNeighbourAndAlwaysKeepsTheFirstStopFirst() {
        Random random = new Random(7);
        for (int run = 0; run < 500; run++) {
            List<Stop> day = randomDay(random, random.nextInt(16));
            Route route = WalkingOrder.optimize(day);

            assertThat(route.order()).as("a permutation").containsExactlyInAnyOrderElementsOf(IntStream.range(0, day.size()).boxed().toList());
            if (!day.isEmpty()) {
                assertThat(route.order().getFirst()).isZero();
            }
            assertThat(route.metersBefore()).isCloseTo(WalkingOrder.lengthMeters(day), within(1e-6));
            assertThat(route.metersAfter()).isCloseTo(WalkingOrder.lengthMeters(inOrder(day, route)), within(1e-6));
            assertThat(route.metersAfter()).isLessThanOrEqualTo(route.metersBefore());
            assertThat(route.metersAfter()).isLessThanOrEqualTo(WalkingOrder.nearestNeighbour(day).metersAfter() + 1e-6);
            if (!route.reordered()) {
                assertThat(route.metersAfter()).isEqualTo(route.metersBefore());
            }
        }
    }

    @Test
    void keepsTheGivenOrderWhenItFindsNothingShorter() {
        List<Stop> inOrder = List.of(east("a", 0), east("b", 1), east("c", 2), east("d", 3));

        Route route = WalkingOrder.optimize(inOrder);

        assertThat(route.order()).containsExactly(0, 1, 2, 3);
        assertThat(route.reordered()).isFalse();
        assertThat(route.metersAfter()).isEqualTo(route.metersBefore());
    }

    @Test
    void keepsTheGivenOrderWhenItIsShorterThanWhatTheHeuristicsFind() {
        // Eight stops in north-east Paris, given in their shortest order (found by trying all 5,040), which
        // nearest neighbour with 2-opt and Or-opt misses when it starts from another order.
        List<Stop> shortest = List.of(new Stop("p0", 48.860, 2.350), new Stop("p2", 48.852, 2.369), new Stop("p4", 48.861, 2.365),
                new Stop("p5", 48.882, 2.337), new Stop("p1", 48.881, 2.308), new Stop("p3", 48.864, 2.319),
                new Stop("p6", 48.864, 2.321), new Stop("p7", 48.856, 2.316));
        List<Stop> byId = shortest.stream().sorted(java.util.Comparator.comparing(Stop::id)).toList();
        assertThat(WalkingOrder.optimize(byId).metersAfter()).as("the heuristics alone")
            .isGreaterThan(WalkingOrder.lengthMeters(shortest) + 100);

        Route route = WalkingOrder.optimize(shortest);

        assertThat(route.reordered()).isFalse();
        assertThat(route.metersAfter()).isEqualTo(route.metersBefore()).isEqualTo(WalkingOrder.lengthMeters(shortest));
    }

    @Test
    void twoOptReversesAStretchThatCrossesBackAndNeverMovesTheStart() {
        // Points on a line at 0, 2, 1, 3: reversing the middle gives 0, 1, 2, 3.
        double[][] d = line(0, 2, 1, 3);
        int[] path = { 0, 1, 2, 3 };

        assertThat(WalkingOrder.twoOpt(path, d)).isTrue();
        assertThat(path).containsExactly(0, 2, 1, 3);
        assertThat(WalkingOrder.twoOpt(path, d)).as("nothing left to improve").isFalse();

        int[] fromTheFarEnd = { 3, 0, 1, 2 }; // starts at 3 and must: 3, 2, 1, 0 is the best it can do
        WalkingOrder.twoOpt(fromTheFarEnd, d);
        assertThat(fromTheFarEnd).containsExactly(3, 1, 2, 0);
    }

    @Test
    void orOptMovesAStopThatIsOutOfTheWayToWhereItFits() {
        // Points on a line at 0, 1, 9, 2, 3: the one at 9 belongs at the end.
        double[][] d = line(0, 1, 9, 2, 3);
        int[] path = { 0, 1, 2, 3, 4 };

        assertThat(WalkingOrder.orOpt(path, d)).isTrue();
        assertThat(path).containsExactly(0, 1, 3, 4, 2);
        assertThat(WalkingOrder.orOpt(path, d)).isFalse();

        // A stretch of three, reversed on the way: 0, [3, 2, 1] at 5, 4, 3 -> after 4 and 5 it fits backwards.
        double[][] e = line(0, 1, 2, 5, 4, 3, 6, 7);
        int[] stretch = { 0, 3, 4, 5, 1, 2, 6, 7 };
        WalkingOrder.orOpt(stretch, e);
        assertThat(stretch).containsExactly(0, 1, 2, 5, 4, 3, 6, 7);
    }

    @Test
    void givesTheSameAnswerEveryTimeAndForEveryOrderOfTheSameStops() {
        Random random = new Random(42);
        List<Stop> day = randomDay(random, 20);
        List<String> first = ids(day, WalkingOrder.optimize(day));
        double length = WalkingOrder.optimize(day).metersAfter();

        for (int run = 0; run < 20; run++) {
            assertThat(ids(day, WalkingOrder.optimize(day))).isEqualTo(first);
            List<Stop> shuffled = new ArrayList<>(day.subList(1, day.size()));
            Collections.shuffle(shuffled, random);
            shuffled.addFirst(day.getFirst());
            Route route = WalkingOrder.optimize(shuffled);
            assertThat(ids(shuffled, route)).as("given as %s", shuffled.stream().map(Stop::id).toList()).isEqualTo(first);
            assertThat(route.metersAfter()).isEqualTo(length);
        }
    }

    @Test
    void breaksTiesBetweenEquallyNearStopsByIdNotByTheOrderTheyWereGivenIn() {
        // "a" and "b" are exactly as far north and south of the start; "c" is far north. Best: b, a, c.
        Stop start = new Stop("start", 0, 0);
        Stop a = new Stop("a", 0.01, 0);
        Stop b = new Stop("b", -0.01, 0);
        Stop c = new Stop("c", 0.05, 0);
        for (List<Stop> day : List.of(List.of(start, c, b, a), List.of(start, c, a, b))) {
            assertThat(ids(day, WalkingOrder.optimize(day))).containsExactly("start", "b", "a", "c");
        }
        // With nothing to gain, nearest neighbour alone takes the lower id first.
        assertThat(ids(List.of(start, b, a), WalkingOrder.nearestNeighbour(List.of(start, b, a)))).containsExactly("start", "a", "b");
        assertThat(ids(List.of(start, a, b), WalkingOrder.nearestNeighbour(List.of(start, a, b)))).containsExactly("start", "a", "b");
    }

    @Test
    void handlesDaysOfNoneOneAndTwoStops() {
        Route none = WalkingOrder.optimize(List.of());
        assertThat(none.order()).isEmpty();
        assertThat(none.metersBefore()).isZero();
        assertThat(none.metersAfter()).isZero();

        Route one = WalkingOrder.optimize(List.of(east("only", 0)));
        assertThat(one.order()).containsExactly(0);
        assertThat(one.metersAfter()).isZero();

        Route two = WalkingOrder.optimize(List.of(east("far", 5), east("near", 0)));
        assertThat(two.order()).as("the first stays first").containsExactly(0, 1);
        assertThat(two.metersAfter()).isEqualTo(two.metersBefore()).isCloseTo(5 * km(), within(1.0));
    }

    @Test
    void handlesTheSamePlaceTwiceInADay() {
        List<Stop> day = List.of(east("home", 0), east("far", 3), east("home", 0), east("near", 1));

        Route route = WalkingOrder.optimize(day);

        assertThat(ids(day, route)).containsExactly("home", "home", "near", "far");
        assertThat(route.metersAfter()).isCloseTo(3 * km(), within(1.0));
    }

    @Test
    void measuresGreatCircleDistances() {
        // Paris to London, about 343.5 km as the crow flies.
        assertThat(WalkingOrder.distanceMeters(48.8566, 2.3522, 51.5074, -0.1278)).isCloseTo(343_500, within(1_000.0));
        assertThat(WalkingOrder.distanceMeters(10, 20, 10, 20)).isZero();
    }

    /** Distances between points on a line at these positions (in metres). */
    private static double[][] line(double... positions) {
        double[][] d = new double[positions.length][positions.length];
        for (int i = 0; i < positions.length; i++) {
            for (int j = 0; j < positions.length; j++) {
                d[i][j] = Math.abs(positions[i] - positions[j]);
            }
        }
        return d;
    }

    private static Stop east(String id, double km) {
        return new Stop(id, 48.85, 2.30 + km * KM_EAST);
    }

    private static double km() {
        return WalkingOrder.distanceMeters(48.85, 2.30, 48.85, 2.30 + KM_EAST);
    }

    private static List<Stop> randomDay(Random random, int stops) {
        List<Stop> day = new ArrayList<>();
        for (int i = 0; i < stops; i++) {
            day.add(new Stop("p" + i, 48.85 + random.nextDouble() * 0.05, 2.30 + random.nextDouble() * 0.08));
        }
        return day;
    }

    private static List<Stop> inOrder(List<Stop> day, Route route) {
        return route.order().stream().map(day::get).toList();
    }

    private static List<String> ids(List<Stop> day, Route route) {
        return inOrder(day, route).stream().map(Stop::id).toList();
    }
}
