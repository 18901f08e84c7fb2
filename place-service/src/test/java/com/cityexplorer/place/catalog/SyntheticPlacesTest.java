package com.cityexplorer.place.catalog;

import java.time.Duration;
import java.util.List;

import com.cityexplorer.place.place.Place;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthetic catalog: places spread over the most populous known cities in proportion to their
 * population, flagged as synthetic, found by nearby search, and written once however often it runs.
 */
@PlatformIntegrationTest
class SyntheticPlacesTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    SyntheticPlaces synthetic;

    @Test
    void spreadsFlaggedPlacesOverTheBiggestCitiesByPopulationOnce() throws Exception {
        mongo.getCollection("known_cities").insertMany(List.of(
                city("synthetic-big", 3_000_000, -33.0, 151.0),
                city("synthetic-small", 1_000_000, -35.0, 149.0),
                city("synthetic-tiny", 10, -37.0, 145.0)));
        // Other tests' cities are far smaller: these two are the most populous known.
        synthetic.load(400, 2, Duration.ofMillis(50));
        synthetic.load(400, 2, Duration.ofMillis(50));

        List<Place> places = mongo.find(Query.query(Criteria.where("_id").regex("^synthetic-synthetic-")), Place.class);
        assertThat(places).hasSize(400).allMatch(Place::synthetic).allMatch(place -> place.name().startsWith("Synthetic "));
        assertThat(places).filteredOn(place -> place.cityId().equals("synthetic-big")).hasSize(300);
        assertThat(places).filteredOn(place -> place.cityId().equals("synthetic-small")).hasSize(100);

        String nearby = new ApiClient(port).get("/api/v1/places/nearby?lat=-33.0&lon=151.0&radiusMeters=20000&limit=100").body();
        assertThat(JsonPath.<List<String>>read(nearby, "$.items[*].place.id")).hasSize(100)
            .allMatch(id -> id.startsWith("synthetic-synthetic-big-"));
    }

    private static Document city(String id, long population, double lat, double lon) {
        return new Document("_id", id).append("name", id).append("countryCode", "AU").append("lat", lat).append("lon", lon)
            .append("population", population).append("at", new java.util.Date());
    }
}
