package com.cityexplorer.devstack;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: the real platform used by two travellers through the gateway. A reviews a place and the
 * place's rating follows every change within seconds; B can neither change A's review nor review a
 * place twice; B cannot see A's private itinerary until A makes it public; with place-service down,
 * itineraries are still created and optimised; A's account deletion removes A's itineraries and
 * anonymises A's reviews.
 */
class ReviewsAndItinerariesEndToEndTest {

    static final String PLACE = "paris-sainte-chapelle";

    @TempDir
    static Path dataDir;

    static DevStack stack;
    static String gateway;

    final GatewayClient client = new GatewayClient();

    @BeforeAll
    static void launch() {
        stack = TestStacks.create(dataDir);
        stack.start();
        gateway = stack.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void travellersReviewAndPlanAcrossServices() throws Exception {
        String a = signUp("Ana");
        String b = signUp("Ben");

        // The curated places reach review- and itinerary-service as events after a fresh start.
        String[] review = new String[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> posted = send("POST", "/api/v1/places/" + PLACE + "/reviews", a, "{\"rating\":5,\"text\":\"Stunning glass.\"}");
            review[0] = posted.statusCode() == 201 ? JsonPath.read(posted.body(), "$.id") : null;
            return review[0] != null;
        });
        // The first one after a fresh start also waits for the rating listeners' consumer groups to form
        // on a topic created after they started; the changes after it are held to the 2 s of the issue.
        awaitRating(Duration.ofSeconds(30), 5.0, 1);

        assertThat(send("PUT", "/api/v1/reviews/" + review[0], a, "{\"rating\":3,\"text\":\"Long queue.\"}").statusCode()).isEqualTo(200);
        awaitRating(Duration.ofSeconds(2), 3.0, 1);
        assertThat(send("PUT", "/api/v1/reviews/" + review[0], b, "{\"rating\":1,\"text\":\"Not mine.\"}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/reviews/" + review[0], b, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/places/" + PLACE + "/reviews", b, "{\"rating\":4,\"text\":\"Lovely.\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/places/" + PLACE + "/reviews", b, "{\"rating\":2,\"text\":\"Twice.\"}").statusCode()).isEqualTo(409);
        awaitRating(Duration.ofSeconds(2), 3.5, 2);
        assertThat(send("DELETE", "/api/v1/reviews/" + review[0], a, null).statusCode()).isEqualTo(204);
        awaitRating(Duration.ofSeconds(2), 4.0, 1);

        String itinerary = itinerary("private");
        HttpResponse<String> created = send("POST", "/api/v1/itineraries", a, itinerary);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(send("GET", "/api/v1/itineraries/" + id, b, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/itineraries/" + id, a, itinerary("public")).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/itineraries/" + id, b, null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1/itineraries/" + id, b, itinerary("private")).statusCode()).isEqualTo(404);

        stack.kill("place");
        HttpResponse<String> whileDown = send("POST", "/api/v1/itineraries", a, itinerary("private"));
        assertThat(whileDown.statusCode()).as("place-service down: " + whileDown.body()).isEqualTo(201);
        HttpResponse<String> optimised = send("POST", "/api/v1/itineraries/" + JsonPath.read(whileDown.body(), "$.id") + "/optimize", a, null);
        assertThat(optimised.statusCode()).as(optimised.body()).isEqualTo(200);
        assertThat(JsonPath.<Number>read(optimised.body(), "$.distanceMetersAfter").doubleValue())
            .isLessThan(JsonPath.<Number>read(optimised.body(), "$.distanceMetersBefore").doubleValue());
        stack.restart("place");

        assertThat(send("POST", "/api/v1/places/paris-musee-du-louvre/reviews", a, "{\"rating\":4,\"text\":\"Huge.\"}").statusCode())
            .isEqualTo(201);
        assertThat(send("DELETE", "/api/v1/users/me", a, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(send("GET", "/api/v1/itineraries/" + id, b, null).statusCode()).isEqualTo(404);
            String reviews = send("GET", "/api/v1/places/paris-musee-du-louvre/reviews", null, null).body();
            assertThat(JsonPath.<List<String>>read(reviews, "$.items[*].authorName")).contains("Former member").doesNotContain("Ana");
            assertThat(JsonPath.<List<Integer>>read(reviews, "$.items[*].rating")).contains(4);
        });
    }

    private void awaitRating(Duration within, double average, long count) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String place = send("GET", "/api/v1/places/" + PLACE, null, null).body();
            assertThat(JsonPath.<Number>read(place, "$.rating.average").doubleValue()).isEqualTo(average);
            assertThat(JsonPath.<Number>read(place, "$.rating.count").longValue()).isEqualTo(count);
        });
    }

    /** A day in Paris whose stops zig-zag across the city. */
    private static String itinerary(String visibility) {
        List<String> stops = List.of("paris-eiffel-tower", "paris-centre-pompidou", "paris-musee-du-quai-branly", "paris-sacre-coeur",
                "paris-pont-d-iena");
        StringBuilder json = new StringBuilder("{\"title\":\"Paris in a day\",\"cityId\":\"2988507\",\"visibility\":\"" + visibility
                + "\",\"days\":[{\"date\":\"2027-05-01\",\"stops\":[");
        for (int i = 0; i < stops.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"placeId\":\"").append(stops.get(i)).append("\",\"startTime\":\"")
                .append(String.format("%02d:00", 9 + i)).append("\",\"durationMinutes\":45,\"note\":\"\"}");
        }
        return json.append("]}]}").toString();
    }

    private String signUp(String name) throws Exception {
        String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> registered = send("POST", "/api/v1/users", null,
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"displayName\":\"" + name + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> login = send("POST", "/api/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        return JsonPath.read(login.body(), "$.token");
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return client.send(gateway, method, path, token, json);
    }
}
