package com.cityexplorer.review.review;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.cityexplorer.test.PlatformEvents;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;
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
 * Reviews through the API: one per user and place, whoever races; only the author edits, the author or
 * an administrator deletes; anyone lists; bad input is refused and changes nothing; a deleted place
 * takes its reviews with it and a deleted user's reviews lose their author but keep their rating.
 * Places and users are known from their services' events, published here as those services do.
 */
@PlatformIntegrationTest
class ReviewApiTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    com.cityexplorer.review.place.KnownPlaces places;

    @BeforeAll
    static void topics() throws Exception {
        PlatformEvents.topics("ce.place.events", "ce.user.events", "ce.review.events");
    }

    @Test
    void aUserReviewsAPlaceOnceEditsItAndDeletesIt() throws Exception {
        String place = knownPlace();
        String user = "user-" + UUID.randomUUID();
        PlatformEvents.userRegistered(user, "Ana");
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(user)), "known_authors"));
        String token = TestIdentity.bearer("review-service", user, "USER");

        HttpResponse<String> posted = send("POST", "/api/v1/places/" + place + "/reviews", token, review(5, "Superb."));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(JsonPath.<String>read(posted.body(), "$.authorName")).isEqualTo("Ana");
        assertThat(JsonPath.<String>read(posted.body(), "$.userId")).isEqualTo(user);
        String id = JsonPath.read(posted.body(), "$.id");
        assertThat(JsonPath.<String>read(send("GET", "/api/v1/places/" + place + "/reviews", null, null).body(), "$.items[0].createdAt"))
            .as("a later read shows what the write answered").isEqualTo(JsonPath.read(posted.body(), "$.createdAt"));
        assertThat(send("POST", "/api/v1/places/" + place + "/reviews", token, review(4, "Again.")).statusCode()).isEqualTo(409);

        HttpResponse<String> edited = send("PUT", "/api/v1/reviews/" + id, token, review(3, "Crowded on Sundays."));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(send("GET", "/api/v1/places/" + place + "/reviews", null, null).body(), "$.items[0].rating"))
            .isEqualTo(3);

        String other = TestIdentity.bearer("review-service", "someone-else", "USER");
        assertThat(send("PUT", "/api/v1/reviews/" + id, other, review(1, "Mine now.")).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/reviews/" + id, other, null).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/reviews/" + id, null, review(1, "Anonymous.")).statusCode()).isEqualTo(401);

        assertThat(send("DELETE", "/api/v1/reviews/" + id, token, null).statusCode()).isEqualTo(204);
        assertThat(JsonPath.<List<?>>read(send("GET", "/api/v1/places/" + place + "/reviews", null, null).body(), "$.items")).isEmpty();
        assertThat(send("POST", "/api/v1/places/" + place + "/reviews", token, review(4, "Back again.")).statusCode())
            .as("a deleted review does not block a new one").isEqualTo(201);
    }

    @Test
    void anAdministratorDeletesAnyReview() throws Exception {
        String place = knownPlace();
        String id = JsonPath.read(send("POST", "/api/v1/places/" + place + "/reviews", user(), review(1, "Rude staff.")).body(), "$.id");
        String admin = TestIdentity.bearer("review-service", "admin-1", "USER", "ADMIN");
        assertThat(send("DELETE", "/api/v1/reviews/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/reviews/" + id, admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void sixConcurrentReviewsOfOnePlaceByOneUserMakeOneReview() throws Exception {
        String place = knownPlace();
        String token = user();
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int rating = 1 + i % 5;
            attempts.add(() -> send("POST", "/api/v1/places/" + place + "/reviews", token, review(rating, "Race " + rating)).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        assertThat(mongo.count(Query.query(Criteria.where("placeId").is(place)), Review.class)).isEqualTo(1);
    }

    @Test
    void listsAPlacesReviewsNewestOrBestFirst() throws Exception {
        String place = knownPlace();
        for (int rating : new int[] { 2, 5, 4 }) {
            assertThat(send("POST", "/api/v1/places/" + place + "/reviews", user(), review(rating, "Rated " + rating)).statusCode())
                .isEqualTo(201);
        }
        assertThat(JsonPath.<List<Integer>>read(send("GET", "/api/v1/places/" + place + "/reviews?sort=rating", null, null).body(),
                "$.items[*].rating")).containsExactly(5, 4, 2);
        assertThat(JsonPath.<List<Integer>>read(send("GET", "/api/v1/places/" + place + "/reviews", null, null).body(),
                "$.items[*].rating")).containsExactly(4, 5, 2);
        assertThat(JsonPath.<Integer>read(send("GET", "/api/v1/places/" + place + "/reviews?size=2", null, null).body(), "$.totalItems"))
            .isEqualTo(3);
    }

    @Test
    void refusesBadInputWith4xxAndStoresNothing() throws Exception {
        String place = knownPlace();
        String token = user();
        long before = mongo.count(new Query(), Review.class);
        for (String body : Set.of(review(0, "Zero."), review(6, "Six."), review(3, ""), review(3, "x".repeat(2001)),
                review(3, "<script>alert(1)</script>"), "{\"rating\":3,\"text\":\"ok\",\"userId\":\"someone\"}",
                "{\"rating\":{\"$gt\":0},\"text\":\"ok\"}", "{\"rating\":\"five\",\"text\":\"ok\"}", "not json")) {
            HttpResponse<String> response = send("POST", "/api/v1/places/" + place + "/reviews", token, body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(send("POST", "/api/v1/places/no-such-place/reviews", token, review(3, "Where?")).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/places/bad$id/reviews", token, review(3, "Bad id.")).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/reviews/not-a-uuid", token, review(3, "Bad id.")).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/places/" + place + "/reviews?sort=$natural", null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/places/" + place + "/reviews?size=1000", null, null).statusCode()).isEqualTo(400);
        assertThat(mongo.count(new Query(), Review.class)).isEqualTo(before);
    }

    @Test
    void aDeletedPlaceTakesItsReviewsAndADeletedUserLeavesAnonymousOnes() throws Exception {
        String place = knownPlace();
        String user = "leaving-" + UUID.randomUUID();
        String token = TestIdentity.bearer("review-service", user, "USER");
        String id = JsonPath.read(send("POST", "/api/v1/places/" + place + "/reviews", token, review(4, "Nice.")).body(), "$.id");

        PlatformEvents.userDeleted(user);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String body = send("GET", "/api/v1/places/" + place + "/reviews", null, null).body();
            assertThat(JsonPath.<String>read(body, "$.items[0].authorName")).isEqualTo(Reviews.FORMER_MEMBER);
            assertThat(JsonPath.<Integer>read(body, "$.items[0].rating")).isEqualTo(4);
            assertThat(body).doesNotContain(user);
        });

        PlatformEvents.placeDeleted(place);
        await().atMost(Duration.ofSeconds(30)).until(() -> !places.exists(place));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(JsonPath.<List<?>>read(send("GET", "/api/v1/places/" + place + "/reviews", null, null).body(), "$.items")).isEmpty());
        assertThat(send("DELETE", "/api/v1/reviews/" + id, TestIdentity.bearer("review-service", "admin-1", "USER", "ADMIN"), null)
            .statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/places/" + place + "/reviews", user(), review(5, "Too late.")).statusCode()).isEqualTo(404);
    }

    private String knownPlace() throws Exception {
        String place = "place-" + UUID.randomUUID().toString().substring(0, 8);
        PlatformEvents.placeCreated(place);
        await().atMost(Duration.ofSeconds(30)).until(() -> places.exists(place));
        return place;
    }

    private static String user() {
        return TestIdentity.bearer("review-service", "user-" + UUID.randomUUID(), "USER");
    }

    static String review(int rating, String text) {
        return "{\"rating\":" + rating + ",\"text\":\"" + text + "\"}";
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return new ApiClient(port).send(method, path, token, json);
    }
}
