package com.cityexplorer.place.rating;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
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
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A place's rating follows review-service's rating summaries (published here as review-service
 * does): in order, replayed, overtaken by a newer one, or malformed, the place always shows the
 * newest summary, and an administrator's change of the place leaves it alone.
 */
@PlatformIntegrationTest
class PlaceRatingsTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void reviewEventsTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains("ce.review.events")) {
                admin.createTopics(List.of(new NewTopic("ce.review.events", 2, (short) 1))).all().get();
            }
        }
    }

    @Test
    void showsTheNewestSummaryHoweverTheEventsArrive() throws Exception {
        String id = place();
        publish(id, 4.5, 2, 2);
        awaitRating(id, 4.5, 2);

        publish(id, 4.0, 1, 1);  // older, arriving late: ignored
        publish(id, 4.5, 2, 2); // the same again: ignored
        publish(id, 6.0, 3, 3);  // malformed (average above 5): dead-lettered, changes nothing
        publish(id, 3.0, 3, 4);
        // One place's summaries share a partition, so once the newest shows, all before it were handled.
        awaitRating(id, 3.0, 3);
        assertThat(rating(id)).containsExactly(3.0, 3.0);
    }

    @Test
    void anAdministratorsChangeOfThePlaceKeepsItsRating() throws Exception {
        String id = place();
        publish(id, 5.0, 1, 1);
        awaitRating(id, 5.0, 1);

        String admin = TestIdentity.bearer("place-service", "admin-1", "USER", "ADMIN");
        mongo.getCollection("known_cities").insertOne(new org.bson.Document("_id", "rating-city").append("name", "Rating")
            .append("lat", 1.0).append("lon", 1.0).append("at", new java.util.Date()));
        var replaced = new ApiClient(port).send("PUT", "/api/v1/places/" + id, admin, "{\"cityId\":\"rating-city\",\"name\":\"Renamed\","
                + "\"category\":\"park\",\"location\":{\"lat\":1.0,\"lon\":1.0},\"address\":\"Somewhere 1\",\"description\":\"Renamed by an admin.\",\"tags\":[]}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(rating(id)).containsExactly(5.0, 1.0);

        publish(id, 5.0, 1, 1); // a replay after the change still does not lower or reset anything
        publish(id, 4.0, 2, 2);
        awaitRating(id, 4.0, 2);
    }

    private String place() {
        String id = "rated-" + UUID.randomUUID();
        mongo.insert(Place.of(id, "rating-city", "Rated place", Category.PARK, 1.0, 1.0, "", "Rated in the test.", List.of(), 0, true,
                Instant.now()));
        return id;
    }

    private void awaitRating(String id, double average, long count) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rating(id)).containsExactly(average, (double) count));
    }

    /** The rating as clients read it: average and count. */
    private List<Double> rating(String id) throws Exception {
        String body = new ApiClient(port).get("/api/v1/places/" + id).body();
        return List.of(JsonPath.<Number>read(body, "$.rating.average").doubleValue(),
                JsonPath.<Number>read(body, "$.rating.count").doubleValue());
    }

    /** Publishes a rating summary as review-service does; returns the event's id. */
    private static String publish(String placeId, double average, long count, long version) throws Exception {
        String id = UUID.randomUUID().toString();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"PlaceRatingChanged\",\"version\":1,\"source\":\"review-service\","
                + "\"aggregateId\":\"" + placeId + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"placeId\":\"" + placeId
                + "\",\"average\":" + average + ",\"count\":" + count + ",\"version\":" + version + "}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("ce.review.events", placeId, envelope)).get();
        }
        return id;
    }
}
