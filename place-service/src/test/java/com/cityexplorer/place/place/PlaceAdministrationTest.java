package com.cityexplorer.place.place;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.cityexplorer.place.city.KnownCities;
import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Administrators change places; a place's city is checked against what place-service keeps from
 * city-service's events (here published as city-service would), with no call to city-service.
 */
@PlatformIntegrationTest
class PlaceAdministrationTest {

    static final String ADMIN = TestIdentity.bearer("place-service", "admin-1", "USER", "ADMIN");
    static final String USER = TestIdentity.bearer("place-service", "user-1", "USER");

    @LocalServerPort
    int port;

    @Autowired
    KnownCities knownCities;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void cityEventsTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains("ce.city.events")) {
                admin.createTopics(List.of(new NewTopic("ce.city.events", 2, (short) 1))).all().get();
            }
        }
    }

    @Test
    void createsChangesAndDeletesPlacesOfKnownCitiesAndAnnouncesEachChange() throws Exception {
        String cityId = knownCity();
        String body = place(cityId, "Miradouro Novo", 38.7139, -9.1334);

        assertThat(send("POST", "/api/v1/places", null, body).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/places", USER, body).statusCode()).isEqualTo(403);
        HttpResponse<String> created = send("POST", "/api/v1/places", ADMIN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");

        HttpResponse<String> nearby = send("GET", "/api/v1/places/nearby?lat=38.7139&lon=-9.1334&radiusMeters=100", null, null);
        assertThat(JsonPath.<List<String>>read(nearby.body(), "$.items[*].place.id")).contains(id);

        HttpResponse<String> replaced = send("PUT", "/api/v1/places/" + id, ADMIN, place(cityId, "Miradouro Velho", 38.7239, -9.1434));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(send("GET", "/api/v1/places/" + id, null, null).body(), "$.name")).isEqualTo("Miradouro Velho");
        // Moved about 1.4 km: gone from its old neighbourhood, found in its new one, at once.
        assertThat(nearbyIds(38.7139, -9.1334)).doesNotContain(id);
        assertThat(nearbyIds(38.7239, -9.1434)).contains(id);

        assertThat(send("DELETE", "/api/v1/places/" + id, ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/places/" + id, null, null).statusCode()).isEqualTo(404);
        assertThat(nearbyIds(38.7239, -9.1434)).doesNotContain(id);
        assertThat(mongo.getCollection("place_cells").countDocuments(new org.bson.Document("p." + id, new org.bson.Document("$exists", true))))
            .as("no cell lists the deleted place").isZero();

        var events = TopicReader.read("ce.place.events", record -> id.equals(record.key()), found -> found.size() >= 3);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("PlaceCreated", "PlaceUpdated", "PlaceDeleted");
    }

    @Test
    void refusesAPlaceOfAnUnknownOrDeletedCityWith422AndCreatesNothing() throws Exception {
        long before = mongo.count(new Query(), Place.class);
        HttpResponse<String> unknown = send("POST", "/api/v1/places", ADMIN, place("no-such-city", "Nowhere", 1, 1));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        String cityId = knownCity();
        publishCityEvent(cityId, "CityDeleted", Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> !knownCities.exists(cityId));
        // A late, older update (a replay) does not bring the city back.
        String replay = publishCityEvent(cityId, "CityUpdated", Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(
                Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is("known-cities:" + replay)),
                "processed_events"));
        HttpResponse<String> deleted = send("POST", "/api/v1/places", ADMIN, place(cityId, "Too late", 1, 1));
        assertThat(deleted.statusCode()).isEqualTo(422);
        assertThat(mongo.count(new Query(), Place.class)).isEqualTo(before);
    }

    @Test
    void refusesInvalidPlacesWith400() throws Exception {
        String cityId = knownCity();
        for (String body : Set.of(
                place(cityId, "Too far north", 91, 0),
                place(cityId, "X", 0, 0).replace("\"museum\"", "\"casino\""),
                place(cityId, "X", 0, 0).replace("{\"cityId\"", "{\"$set\":{\"rating\":5},\"cityId\""),
                place(cityId, "X", 0, 0).replace("\"name\":\"X\"", "\"name\":{\"$gt\":\"\"}"))) {
            HttpResponse<String> response = send("POST", "/api/v1/places", ADMIN, body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
        }
    }

    private List<String> nearbyIds(double lat, double lon) throws Exception {
        HttpResponse<String> nearby = send("GET", "/api/v1/places/nearby?lat=" + lat + "&lon=" + lon + "&radiusMeters=100", null, null);
        assertThat(nearby.statusCode()).as(nearby.body()).isEqualTo(200);
        return JsonPath.read(nearby.body(), "$.items[*].place.id");
    }

    private String knownCity() throws Exception {
        String cityId = "test-city-" + UUID.randomUUID().toString().substring(0, 8);
        publishCityEvent(cityId, "CityCreated", Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> knownCities.exists(cityId));
        return cityId;
    }

    /** Publishes a city event as city-service would; returns its id. */
    private static String publishCityEvent(String cityId, String type, Instant at) throws Exception {
        String data = type.equals("CityDeleted") ? "{\"cityId\":\"" + cityId + "\"}"
                : "{\"cityId\":\"" + cityId + "\",\"name\":\"Nova\",\"countryCode\":\"PT\",\"population\":20000,"
                        + "\"location\":{\"lat\":38.7,\"lon\":-9.1},\"timezone\":\"Europe/Lisbon\"}";
        String id = UUID.randomUUID().toString();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"version\":1,\"source\":\"city-service\","
                + "\"aggregateId\":\"" + cityId + "\",\"timestamp\":\"" + at + "\",\"data\":" + data + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("ce.city.events", cityId, envelope)).get();
        }
        return id;
    }

    private static String place(String cityId, String name, double lat, double lon) {
        return "{\"cityId\":\"" + cityId + "\",\"name\":\"" + name + "\",\"category\":\"museum\",\"location\":{\"lat\":" + lat
                + ",\"lon\":" + lon + "},\"address\":\"Rua Nova 1\",\"description\":\"A place made by the test.\",\"tags\":[\"test\"]}";
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        return new ApiClient(port).send(method, path, authorization, json);
    }
}
