package com.cityexplorer.place.nearby;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.ConsumerGroups;
import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Busy cells are answered from memory, and a place moved by another instance leaves every instance's
 * cached cells through its event (the Redis message, tested with the place cache, is left out here).
 * "Another instance" writes the database and the directory directly.
 */
@PlatformIntegrationTest
class NearbyCellsTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    CellDirectory directory;

    @Autowired
    MeterRegistry meters;

    @Test
    void answersRepeatedSearchesOfABusyCellFromMemory() throws Exception {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/v1/places/nearby?lat=48.8606&lon=2.3376&radiusMeters=500").statusCode()).isEqualTo(200);
        double hitsBefore = hits();
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/places/nearby?lat=48.8606&lon=2.3376&radiusMeters=500").statusCode()).isEqualTo(200);
        }
        assertThat(hits() - hitsBefore).as("every covering cell of five searches came from memory").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aPlaceMovedByAnotherInstanceLeavesThisInstancesCachedCellsThroughItsEvent() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> ConsumerGroups.assigned("place-service-cache-place-cells-"));
        String id = "moved-" + UUID.randomUUID();
        Place place = Place.of(id, "test-city", "Moving place", Category.PARK, 10.0, 20.0, "", "Moves during the test.", List.of(), 0,
                true, Instant.now());
        mongo.insert(place);
        directory.addAll(List.of(place.nearbyEntry()));
        await().atMost(Duration.ofSeconds(30)).until(() -> nearbyIds(10.0, 20.0).contains(id));

        // Another instance moves it about 2 km north: this instance's cached cells still list it there.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("location.lat", 10.02), Place.class);
        directory.move(id, place.nearbyEntry(), new CellDirectory.Entry(id, 10.02, 20.0, "park"));
        assertThat(nearbyIds(10.0, 20.0)).as("still cached: nothing announced the move yet").contains(id);
        assertThat(nearbyIds(10.02, 20.0)).doesNotContain(id);

        publish(id, "{\"placeId\":\"" + id + "\",\"location\":{\"lat\":10.02,\"lon\":20.0},\"previousLocation\":{\"lat\":10.0,\"lon\":20.0}}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(nearbyIds(10.0, 20.0)).doesNotContain(id);
            assertThat(nearbyIds(10.02, 20.0)).contains(id);
        });
    }

    private List<String> nearbyIds(double lat, double lon) throws Exception {
        HttpResponse<String> response = new ApiClient(port).get("/api/v1/places/nearby?lat=" + lat + "&lon=" + lon + "&radiusMeters=200");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.items[*].place.id");
    }

    private static void publish(String id, String data) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("ce.place.events", id, "{\"id\":\"" + UUID.randomUUID()
                    + "\",\"type\":\"PlaceUpdated\",\"version\":1,\"source\":\"place-service\",\"aggregateId\":\"" + id
                    + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":" + data + "}")).get();
        }
    }

    private double hits() {
        var counter = meters.find("cache.gets").tag("cache", "place-cells").tag("result", "hit").functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
