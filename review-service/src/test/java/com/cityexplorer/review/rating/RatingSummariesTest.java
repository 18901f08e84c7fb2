package com.cityexplorer.review.rating;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.cityexplorer.test.PlatformEvents;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * After every review posted, edited or deleted, the place's new summary (absolute count and average,
 * growing version) is published; a redelivered or late review event changes nothing.
 */
@PlatformIntegrationTest
class RatingSummariesTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void topics() throws Exception {
        PlatformEvents.topics("ce.place.events", "ce.user.events", "ce.review.events");
    }

    @Test
    void publishesThePlacesSummaryAfterEveryChangeAndNeverCountsAReviewTwice() throws Exception {
        String place = "rated-" + UUID.randomUUID().toString().substring(0, 8);
        PlatformEvents.placeCreated(place);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(place)), "known_places"));
        ApiClient api = new ApiClient(port);
        String ana = TestIdentity.bearer("review-service", "ana-" + UUID.randomUUID(), "USER");
        String ben = TestIdentity.bearer("review-service", "ben-" + UUID.randomUUID(), "USER");

        String first = JsonPath.read(api.send("POST", "/api/v1/places/" + place + "/reviews", ana, "{\"rating\":5,\"text\":\"Great.\"}").body(),
                "$.id");
        api.send("POST", "/api/v1/places/" + place + "/reviews", ben, "{\"rating\":2,\"text\":\"Meh.\"}");
        assertThat(latest(place, 2)).containsExactly(3.5, 2.0, 2.0);

        // A redelivered post (a new event id, the same revision) and a late, older revision: no change.
        PlatformEvents.publish("ce.review.events", "ReviewPosted", "review-service", first,
                "{\"reviewId\":\"" + first + "\",\"placeId\":\"" + place + "\",\"rating\":5,\"revision\":1}");
        api.send("PUT", "/api/v1/reviews/" + first, ana, "{\"rating\":4,\"text\":\"Good.\"}");
        assertThat(latest(place, 3)).containsExactly(3.0, 2.0, 3.0);
        PlatformEvents.publish("ce.review.events", "ReviewPosted", "review-service", first,
                "{\"reviewId\":\"" + first + "\",\"placeId\":\"" + place + "\",\"rating\":1,\"revision\":1}");
        // The late event and the deletion's are keyed by the review, so the late one is handled first.

        api.send("DELETE", "/api/v1/reviews/" + first, ana, null);
        assertThat(latest(place, 4)).containsExactly(2.0, 1.0, 4.0);
        assertThat(summaries(place)).as("one summary per change, none for the replays").hasSize(4);
    }

    /** The newest summary of the place once {@code count} have been published: average, count, version. */
    private List<Double> latest(String place, int count) {
        List<ConsumerRecord<String, String>> summaries = TopicReader.read("ce.review.events",
                record -> place.equals(record.key()) && record.value().contains("\"PlaceRatingChanged\""), found -> found.size() >= count);
        assertThat(summaries).hasSizeGreaterThanOrEqualTo(count);
        String newest = summaries.getLast().value();
        return List.of(JsonPath.<Number>read(newest, "$.data.average").doubleValue(), JsonPath.<Number>read(newest, "$.data.count").doubleValue(),
                JsonPath.<Number>read(newest, "$.data.version").doubleValue());
    }

    private List<ConsumerRecord<String, String>> summaries(String place) {
        return TopicReader.read("ce.review.events", record -> place.equals(record.key()) && record.value().contains("\"PlaceRatingChanged\""),
                found -> found.size() >= 4);
    }
}
