package com.cityexplorer.place.nearby;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nearby search through the API against the real MongoDB-wire server (places reached through the
 * {@link CellDirectory}, read by id only): the curated places around the
 * Eiffel Tower, and random places around the antimeridian and the poles, each time compared with a
 * brute-force distance computation over every place stored.
 */
@PlatformIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearbySearchApiTest {

    static final double EIFFEL_LAT = 48.85837;
    static final double EIFFEL_LON = 2.294481;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    CellDirectory directory;

    @BeforeAll
    void scatterTestPlacesAroundTheAntimeridianAndThePoles() {
        Random random = new Random(7);
        List<Place> places = new ArrayList<>();
        double[][] centres = { { 0, 180 }, { -16.5, -179.95 }, { 89.95, 0 }, { -89.8, 100 }, { 70, 179.99 } };
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < 300; i++) {
                double[] point = GeoCellsTest.randomPointNear(random, centres[c][0], centres[c][1], 60_000);
                places.add(Place.of("nearby-test-" + c + "-" + i, "test-city", "Test place " + i, Category.OTHER, point[0], point[1],
                        "", "A place scattered for the nearby search test.", List.of(), 0, true, Instant.now()));
            }
        }
        mongo.remove(Query.query(Criteria.where("_id").regex("^nearby-test-")), Place.class);
        mongo.insertAll(places);
        directory.addAll(places.stream().map(Place::nearbyEntry).toList());
    }

    @Test
    void findsTheCuratedPlacesWithinOneKilometreOfTheEiffelTowerNearestFirst() throws Exception {
        HttpResponse<String> response = get("/api/v1/places/nearby?lat=" + EIFFEL_LAT + "&lon=" + EIFFEL_LON + "&radiusMeters=1000&limit=100");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = JsonPath.read(response.body(), "$.items[*].place.id");
        List<Double> distances = JsonPath.<List<Number>>read(response.body(), "$.items[*].distanceMeters").stream()
            .map(Number::doubleValue).toList();
        assertThat(ids).first().isEqualTo("paris-eiffel-tower");
        assertThat(ids).hasSizeGreaterThanOrEqualTo(5).containsExactlyElementsOf(bruteForce(EIFFEL_LAT, EIFFEL_LON, 1000, 100));
        assertThat(distances).isSorted().allMatch(distance -> distance <= 1000);
        assertThat(ids).doesNotContain("paris-musee-du-louvre", "paris-hotel-des-invalides");
    }

    @ParameterizedTest(name = "({0}, {1}) within {2} m")
    @CsvSource({ "0, 179.99, 20000", "0.1, -179.9, 50000", "-16.5, 179.99, 30000", "89.99, -150, 40000",
        "89.5, 60, 50000", "-89.9, 0, 30000", "70, -179.999, 25000", "48.86, 2.34, 5000" })
    void returnsExactlyWhatABruteForceSearchFinds(double lat, double lon, int radius) throws Exception {
        HttpResponse<String> response = get("/api/v1/places/nearby?lat=" + lat + "&lon=" + lon + "&radiusMeters=" + radius + "&limit=100");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> expected = bruteForce(lat, lon, radius, 100);
        assertThat(expected).as("the scenario has places to find").isNotEmpty();
        assertThat(JsonPath.<List<String>>read(response.body(), "$.items[*].place.id")).containsExactlyElementsOf(expected);
    }

    @Test
    void filtersByCategory() throws Exception {
        HttpResponse<String> response = get("/api/v1/places/nearby?lat=48.8566&lon=2.3522&radiusMeters=5000&category=museum&limit=100");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.items[*].place.category")).isNotEmpty().containsOnly("museum");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            latitude 91         | lat=91&lon=0&radiusMeters=1000
            longitude -181      | lat=0&lon=-181&radiusMeters=1000
            radius 0            | lat=0&lon=0&radiusMeters=0
            radius 10^9         | lat=0&lon=0&radiusMeters=1000000000
            limit 1000          | lat=0&lon=0&limit=1000
            no latitude         | lon=0
            latitude not a number | lat=abc&lon=0
            unknown category    | lat=0&lon=0&category=$ne
            """)
    void refusesBadNearbyQueriesWith400(String label, String query) throws Exception {
        HttpResponse<String> response = get("/api/v1/places/nearby?" + query);
        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private List<String> bruteForce(double lat, double lon, double radius, int limit) {
        record Hit(String id, double distance) {
        }
        return mongo.find(new Query(Outbox.live()), Place.class).stream()
            .map(place -> new Hit(place.id(), GeoCells.distanceMeters(lat, lon, place.location().lat(), place.location().lon())))
            .filter(hit -> hit.distance() <= radius)
            .sorted(Comparator.comparingDouble(Hit::distance).thenComparing(Hit::id))
            .limit(limit)
            .map(Hit::id)
            .toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ApiClient(port).get(path);
    }
}
