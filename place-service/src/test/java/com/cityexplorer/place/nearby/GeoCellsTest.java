package com.cityexplorer.place.nearby;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cover of a circle must contain the cell of every point within the radius, wherever the circle is:
 * checked against brute-force distances on random points, including circles that cross the antimeridian
 * and circles around and near the poles.
 */
class GeoCellsTest {

    @ParameterizedTest(name = "centre ({0}, {1}), radius {2} m")
    @CsvSource({
        "48.85837, 2.294481, 1000",      // the Eiffel Tower
        "0, 179.999, 50000",             // on the equator, across the antimeridian
        "-16.5, -179.95, 20000",         // Fiji, across the antimeridian from the west
        "64.0, 180.0, 30000",            // on the antimeridian itself
        "89.9, 45, 20000",               // contains the North Pole
        "-89.7, -120, 50000",            // reaches the South Pole
        "85.0, 10, 50000",               // close to the pole, wide in longitude
        "-33.8688, 151.2093, 50", "35.6762, 139.6503, 50000" })
    void coversEveryPointWithinTheRadius(double lat, double lon, double radius) {
        GeoCells.Cover cover = GeoCells.cover(lat, lon, radius);
        Random random = new Random(Double.hashCode(lat * 31 + lon * 17 + radius));
        int inside = 0;
        for (int i = 0; i < 20_000; i++) {
            double[] point = randomPointNear(random, lat, lon, radius * 1.5);
            if (GeoCells.distanceMeters(lat, lon, point[0], point[1]) <= radius) {
                inside++;
                assertThat(covers(cover, point[0], point[1]))
                    .as("(%s, %s) is within %s m of (%s, %s) but outside the cover %s", point[0], point[1], radius, lat, lon, describe(cover))
                    .isTrue();
            }
        }
        assertThat(inside).as("points tested inside the circle").isGreaterThan(1000);
    }

    @Test
    void coversRandomCirclesAllOverTheGlobe() {
        Random random = new Random(42);
        for (int circle = 0; circle < 2_000; circle++) {
            double lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double lon = random.nextDouble() * 360 - 180;
            double radius = 1 + random.nextDouble() * 50_000;
            GeoCells.Cover cover = GeoCells.cover(lat, lon, radius);
            for (int i = 0; i < 200; i++) {
                double[] point = randomPointNear(random, lat, lon, radius);
                if (GeoCells.distanceMeters(lat, lon, point[0], point[1]) <= radius) {
                    assertThat(covers(cover, point[0], point[1])).as("circle (%s, %s, %s m), point (%s, %s)",
                            lat, lon, radius, point[0], point[1]).isTrue();
                }
            }
        }
    }

    @Test
    void keepsTheCoverSmallEnoughForOneIndexLookup() {
        assertThat(((GeoCells.Cover.Cells) GeoCells.cover(48.85837, 2.294481, 1000)).ids()).hasSizeLessThanOrEqualTo(GeoCells.MAX_CELLS);
        assertThat(((GeoCells.Cover.Cells) GeoCells.cover(60, 25, 50_000)).ids()).hasSizeLessThanOrEqualTo(GeoCells.MAX_CELLS);
        assertThat(GeoCells.cover(89.9, 0, 20_000)).isInstanceOf(GeoCells.Cover.LatitudeBand.class);
    }

    @Test
    void measuresGreatCircleDistances() {
        // Paris to London, about 343.5 km; a degree of latitude, about 111.2 km.
        assertThat(GeoCells.distanceMeters(48.8566, 2.3522, 51.5074, -0.1278)).isBetween(343_000.0, 344_500.0);
        assertThat(GeoCells.distanceMeters(0, 0, 1, 0)).isBetween(111_100.0, 111_300.0);
        assertThat(GeoCells.distanceMeters(0, 179.9, 0, -179.9)).isBetween(22_000.0, 22_500.0);
    }

    static boolean covers(GeoCells.Cover cover, double lat, double lon) {
        return switch (cover) {
            case GeoCells.Cover.Cells cells -> {
                Set<Long> ids = new HashSet<>(cells.ids());
                yield GeoCells.cellsOf(lat, lon).stream().anyMatch(ids::contains);
            }
            case GeoCells.Cover.LatitudeBand band -> lat >= band.minLat() && lat <= band.maxLat();
        };
    }

    private static String describe(GeoCells.Cover cover) {
        return cover instanceof GeoCells.Cover.Cells cells ? cells.ids().size() + " cells" : cover.toString();
    }

    /** A point at a random bearing and a random distance up to {@code maxMeters} (destination formula). */
    static double[] randomPointNear(Random random, double lat, double lon, double maxMeters) {
        double distance = Math.sqrt(random.nextDouble()) * maxMeters / com.cityexplorer.platform.geo.GreatCircle.EARTH_RADIUS_METERS;
        double bearing = random.nextDouble() * 2 * Math.PI;
        double phi1 = Math.toRadians(lat);
        double lambda1 = Math.toRadians(lon);
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(distance) + Math.cos(phi1) * Math.sin(distance) * Math.cos(bearing));
        double lambda2 = lambda1 + Math.atan2(Math.sin(bearing) * Math.sin(distance) * Math.cos(phi1),
                Math.cos(distance) - Math.sin(phi1) * Math.sin(phi2));
        double lon2 = ((Math.toDegrees(lambda2) + 540) % 360) - 180;
        return new double[] { Math.toDegrees(phi2), lon2 };
    }

}
