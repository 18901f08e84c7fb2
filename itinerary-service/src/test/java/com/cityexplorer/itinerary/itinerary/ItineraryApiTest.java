package com.cityexplorer.itinerary.itinerary;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.cityexplorer.itinerary.TestEvents;
import com.cityexplorer.itinerary.place.KnownPlaces;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static com.cityexplorer.itinerary.itinerary.Fixtures.day;
import static com.cityexplorer.itinerary.itinerary.Fixtures.itinerary;
import static com.cityexplorer.itinerary.itinerary.Fixtures.stop;
import static com.cityexplorer.itinerary.itinerary.Fixtures.unique;
import static com.cityexplorer.itinerary.itinerary.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Itineraries through the API, as their owners and others use them. No place-service runs here: places
 * are known only from the place events the tests publish, as when place-service is down.
 */
@PlatformIntegrationTest
class ItineraryApiTest {

    @LocalServerPort
    int port;

    @Autowired
    KnownPlaces knownPlaces;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    String cityId;
    String owner;
    String louvre;
    String orsay;

    @BeforeAll
    static void otherServicesTopics() throws Exception {
        TestEvents.createTopics();
    }

    @BeforeEach
    void cityWithPlaces() throws Exception {
        cityId = unique("city");
        owner = unique("user");
        louvre = Fixtures.knownPlace(knownPlaces, cityId, 48.8606, 2.3376);
        orsay = Fixtures.knownPlace(knownPlaces, cityId, 48.8600, 2.3266);
    }

    @Test
    void letsTheOwnerCreateReadListChangeAndDeleteAnItineraryAndAnnouncesEachChangeWithoutItsContent() throws Exception {
        String body = itinerary("Paris in a day", cityId, null,
                day("2026-12-01", stop(louvre, "09:00", 120), stop(orsay, "13:30", 90)));

        HttpResponse<String> created = send("POST", "/api/v1/itineraries", user(owner), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/itineraries/" + id);
        assertThat(JsonPath.<String>read(created.body(), "$.ownerId")).isEqualTo(owner);
        assertThat(JsonPath.<String>read(created.body(), "$.title")).isEqualTo("Paris in a day");
        assertThat(JsonPath.<String>read(created.body(), "$.cityId")).isEqualTo(cityId);
        assertThat(JsonPath.<String>read(created.body(), "$.visibility")).as("private unless said otherwise").isEqualTo("private");
        assertThat(JsonPath.<String>read(created.body(), "$.days[0].date")).isEqualTo("2026-12-01");
        assertThat(JsonPath.<List<String>>read(created.body(), "$.days[0].stops[*].placeId")).containsExactly(louvre, orsay);
        assertThat(JsonPath.<List<String>>read(created.body(), "$.days[0].stops[*].startTime")).containsExactly("09:00", "13:30");
        assertThat(JsonPath.<List<Integer>>read(created.body(), "$.days[0].stops[*].durationMinutes")).containsExactly(120, 90);
        assertThat(JsonPath.<String>read(created.body(), "$.days[0].stops[0].note")).isEqualTo("Visit " + louvre);

        HttpResponse<String> read = send("GET", "/api/v1/itineraries/" + id, user(owner), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(read.body(), "$.title")).isEqualTo("Paris in a day");
        assertThat(read.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("private"));

        HttpResponse<String> list = send("GET", "/api/v1/itineraries", user(owner), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(list.body(), "$.items[*].id")).containsExactly(id);
        assertThat(JsonPath.<Integer>read(list.body(), "$.totalItems")).isEqualTo(1);

        String changed = itinerary("Paris in two days", cityId, "public",
                day("2026-12-01", stop(orsay, "10:00", 60)), day("2026-12-03", stop(louvre, "09:30", 180)));
        HttpResponse<String> replaced = send("PUT", "/api/v1/itineraries/" + id, user(owner), changed);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        HttpResponse<String> reread = send("GET", "/api/v1/itineraries/" + id, user(owner), null);
        assertThat(JsonPath.<String>read(reread.body(), "$.title")).isEqualTo("Paris in two days");
        assertThat(JsonPath.<String>read(reread.body(), "$.visibility")).isEqualTo("public");
        assertThat(JsonPath.<List<String>>read(reread.body(), "$.days[*].date")).containsExactly("2026-12-01", "2026-12-03");
        assertThat(JsonPath.<String>read(reread.body(), "$.createdAt")).isEqualTo(JsonPath.read(created.body(), "$.createdAt"));

        assertThat(send("DELETE", "/api/v1/itineraries/" + id, user(owner), null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/itineraries/" + id, user(owner), null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/itineraries/" + id, user(owner), null).statusCode()).isEqualTo(404);
        assertThat(JsonPath.<List<String>>read(send("GET", "/api/v1/itineraries", user(owner), null).body(), "$.items")).isEmpty();

        var events = TopicReader.read("ce.itinerary.events", record -> id.equals(record.key()), found -> found.size() >= 3);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("ItineraryCreated", "ItineraryUpdated", "ItineraryDeleted");
        assertThat(JsonPath.<Map<String, Object>>read(events.get(1).value(), "$.data"))
            .containsOnlyKeys("itineraryId", "ownerId", "cityId", "visibility")
            .containsEntry("visibility", "public");
        assertThat(events).allSatisfy(event -> assertThat(event.value()).doesNotContain("Paris in").doesNotContain("Visit "));
    }

    @Test
    void hidesAPrivateItineraryFromEveryoneButItsOwnerWith404AndShowsAPublicOneToAnyone() throws Exception {
        String other = unique("user");
        String id = create(itinerary("Secret plan", cityId, "private", day("2026-12-01", stop(louvre, "09:00", 60), stop(orsay, "11:00", 60))));
        String path = "/api/v1/itineraries/" + id;
        String change = itinerary("Taken over", cityId, "public", day("2026-12-01", stop(orsay, "09:00", 60)));

        for (String[] request : List.of(new String[] { "GET", path, null }, new String[] { "PUT", path, change },
                new String[] { "DELETE", path, null }, new String[] { "POST", path + "/optimize", null })) {
            HttpResponse<String> response = send(request[0], request[1], user(other), request[2]);
            assertThat(response.statusCode()).as("%s %s by another user", request[0], request[1]).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            // The same answer as for an itinerary that does not exist.
            HttpResponse<String> missing = send(request[0], request[1].replace(id, "00000000-0000-4000-8000-000000000000"),
                    user(other), request[2]);
            assertThat(JsonPath.<String>read(response.body(), "$.detail")).isEqualTo(JsonPath.read(missing.body(), "$.detail"));
        }
        assertThat(send("GET", path, null, null).statusCode()).as("anonymous").isEqualTo(404);
        assertThat(JsonPath.<List<String>>read(send("GET", "/api/v1/itineraries", user(other), null).body(), "$.items[*].id"))
            .doesNotContain(id);
        HttpResponse<String> unchanged = send("GET", path, user(owner), null);
        assertThat(JsonPath.<String>read(unchanged.body(), "$.title")).isEqualTo("Secret plan");
        assertThat(JsonPath.<List<String>>read(unchanged.body(), "$.days[0].stops[*].placeId")).containsExactly(louvre, orsay);

        HttpResponse<String> published = send("PUT", path, user(owner),
                itinerary("Open plan", cityId, "public", day("2026-12-01", stop(louvre, "09:00", 60), stop(orsay, "11:00", 60))));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        HttpResponse<String> byOther = send("GET", path, user(other), null);
        assertThat(byOther.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(byOther.body(), "$.title")).isEqualTo("Open plan");
        HttpResponse<String> anonymous = send("GET", path, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("public"));
        // Public is for reading only: changes are still the owner's, and others still get 404.
        assertThat(send("PUT", path, user(other), change).statusCode()).isEqualTo(404);
        assertThat(send("POST", path + "/optimize", user(other), null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", path, user(other), null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", path, null, change).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(send("DELETE", path, null, null).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(JsonPath.<String>read(send("GET", path, null, null).body(), "$.title")).isEqualTo("Open plan");
    }

    @Test
    void needsASignedInUserForEverythingButReadingOne() throws Exception {
        double refusedBefore = refusedTokens();
        String body = itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60)));
        assertThat(send("POST", "/api/v1/itineraries", null, body).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/itineraries", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/itineraries", TestIdentity.bearer("itinerary-service", owner, "PARTNER"), body).statusCode())
            .isEqualTo(403);
        assertThat(send("POST", "/api/v1/itineraries", TestIdentity.forgedBearer("itinerary-service", owner, "USER"), body).statusCode())
            .isEqualTo(401);
        String id = create(body);
        assertThat(send("POST", "/api/v1/itineraries/" + id + "/optimize", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/itineraries/" + id, TestIdentity.forgedBearer("itinerary-service", owner, "USER"), null)
            .statusCode()).as("a forged identity on the open read").isEqualTo(401);
        assertThat(count(owner)).isEqualTo(1);
        assertThat(refusedTokens() - refusedBefore).as("the two forged tokens, counted").isEqualTo(2.0);
    }

    private double refusedTokens() {
        Counter refused = meters.find("ce.security.authentication.failures").tag("reason", "InvalidBearerTokenException").counter();
        return refused != null ? refused.count() : 0;
    }

    @Test
    void refusesStopsAtUnknownPlacesAndAtPlacesOfAnotherCityWith422AndStoresNothing() throws Exception {
        String elsewhere = Fixtures.knownPlace(knownPlaces, unique("city"), 41.9029, 12.4534);

        HttpResponse<String> unknown = send("POST", "/api/v1/itineraries", user(owner),
                itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60), stop("no-such-place", "10:00", 60))));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<List<String>>read(unknown.body(), "$.errors[*].field")).containsExactly("days[0].stops[1].placeId");

        HttpResponse<String> otherCity = send("POST", "/api/v1/itineraries", user(owner),
                itinerary("Plan", cityId, null, day("2026-12-01", stop(elsewhere, "09:00", 60))));
        assertThat(otherCity.statusCode()).as(otherCity.body()).isEqualTo(422);
        assertThat(JsonPath.<List<String>>read(otherCity.body(), "$.errors[*].message")).containsExactly("is a place in another city");
        assertThat(count(owner)).isZero();

        String id = create(itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        HttpResponse<String> change = send("PUT", "/api/v1/itineraries/" + id, user(owner),
                itinerary("Changed", cityId, null, day("2026-12-01", stop(elsewhere, "09:00", 60))));
        assertThat(change.statusCode()).isEqualTo(422);
        assertThat(JsonPath.<String>read(send("GET", "/api/v1/itineraries/" + id, user(owner), null).body(), "$.title")).isEqualTo("Plan");
    }

    @Test
    void refusesBadInputWith400NamingTheFieldAndStoresNothing() throws Exception {
        String fine = stop(louvre, "09:00", 60);
        String[] tooManyStops = new String[31];
        java.util.Arrays.fill(tooManyStops, fine);
        String[] tooManyDays = new String[31];
        for (int d = 0; d < tooManyDays.length; d++) {
            tooManyDays[d] = day(java.time.LocalDate.of(2026, 12, 1).plusDays(d).toString(), fine);
        }
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("days[1].date", itinerary("Plan", cityId, null, day("2026-12-02", fine), day("2026-12-01", fine)));
        cases.put("days[1].date ", itinerary("Plan", cityId, null, day("2026-12-02", fine), day("2026-12-02", fine)));
        cases.put("days[0].stops", itinerary("Plan", cityId, null, day("2026-12-01", tooManyStops)));
        cases.put("days", itinerary("Plan", cityId, null, tooManyDays));
        cases.put("title", itinerary("x".repeat(121), cityId, null, day("2026-12-01", fine)));
        cases.put("title ", itinerary(" ", cityId, null, day("2026-12-01", fine)));
        cases.put("days[0].stops[0].durationMinutes", itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", -5))));
        cases.put("days[0].stops[0].durationMinutes ", itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", 1441))));
        cases.put("days[0].stops[1].startTime", itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "11:00", 60), stop(orsay, "09:00", 60))));
        cases.put("days[0].stops[0].startTime", itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "25:00", 60))));
        cases.put("days[0].date", itinerary("Plan", cityId, null, day("2026-02-30", fine)));
        cases.put("days[0].stops[0].placeId", itinerary("Plan", cityId, null, day("2026-12-01", stop("../etc", "09:00", 60))));
        cases.put("days[0].stops[0].note", itinerary("Plan", cityId, null, day("2026-12-01", fine.replace("\"note\":\"Visit " + louvre + "\"",
                "\"note\":\"" + "n".repeat(501) + "\""))));
        cases.put("visibility", itinerary("Plan", cityId, "friends", day("2026-12-01", fine)));
        cases.put("cityId", itinerary("Plan", "", null, day("2026-12-01", fine)));
        cases.put("colour", itinerary("Plan", cityId, null, day("2026-12-01", fine)).replace("{\"title\"", "{\"colour\":\"red\",\"title\""));
        cases.put("$set", itinerary("Plan", cityId, null, day("2026-12-01", fine)).replace("{\"title\"", "{\"$set\":{\"ownerId\":\"x\"},\"title\""));
        cases.put("ownerId", itinerary("Plan", cityId, null, day("2026-12-01", fine)).replace("{\"title\"", "{\"ownerId\":\"someone-else\",\"title\""));
        cases.put("title  ", itinerary("Plan", cityId, null, day("2026-12-01", fine)).replace("\"title\":\"Plan\"", "\"title\":{\"$gt\":\"\"}"));

        String id = create(itinerary("Plan", cityId, null, day("2026-12-01", fine)));
        for (var invalid : cases.entrySet()) {
            String field = invalid.getKey().strip();
            for (String[] request : List.of(new String[] { "POST", "/api/v1/itineraries" }, new String[] { "PUT", "/api/v1/itineraries/" + id })) {
                HttpResponse<String> response = send(request[0], request[1], user(owner), invalid.getValue());
                assertThat(response.statusCode()).as("%s %s: %s", request[0], field, response.body()).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).as("%s %s", request[0], field).contains(field);
            }
        }
        assertThat(count(owner)).as("only the valid itinerary").isEqualTo(1);
        HttpResponse<String> unchanged = send("GET", "/api/v1/itineraries/" + id, user(owner), null);
        assertThat(JsonPath.<String>read(unchanged.body(), "$.title")).isEqualTo("Plan");
        assertThat(JsonPath.<String>read(unchanged.body(), "$.ownerId")).isEqualTo(owner);
    }

    @Test
    void refusesMalformedIdsWith400() throws Exception {
        String body = itinerary("Plan", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60)));
        for (String id : List.of("not-an-id", "x".repeat(300), "%24where", "00000000-0000-4000-8000-00000000000Z")) {
            String path = "/api/v1/itineraries/" + id;
            for (String[] request : List.of(new String[] { "GET", path, null }, new String[] { "PUT", path, body },
                    new String[] { "DELETE", path, null }, new String[] { "POST", path + "/optimize", null })) {
                HttpResponse<String> response = send(request[0], request[1], user(owner), request[2]);
                assertThat(response.statusCode()).as("%s %s: %s", request[0], request[1], response.body()).isEqualTo(400);
                assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field")).containsExactly("id");
            }
        }
        assertThat(send("GET", "/api/v1/itineraries/not-an-id", null, null).statusCode()).as("anonymous").isEqualTo(400);
        assertThat(count(owner)).isZero();
    }

    @Test
    void listsOnlyTheCallersItinerariesNewestFirstInPagesOfAtMost100() throws Exception {
        String first = create(itinerary("First", cityId, "public", day("2026-12-01", stop(louvre, "09:00", 60))));
        String second = create(itinerary("Second", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        String third = create(itinerary("Third", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        String someoneElses = unique("user");
        assertThat(send("POST", "/api/v1/itineraries", user(someoneElses), itinerary("Not yours", cityId, "public", day("2026-12-01")))
            .statusCode()).as("a day may have no stops yet").isEqualTo(201);

        HttpResponse<String> page0 = send("GET", "/api/v1/itineraries?size=2", user(owner), null);
        assertThat(page0.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(page0.body(), "$.items[*].id")).containsExactly(third, second);
        assertThat(JsonPath.<Integer>read(page0.body(), "$.page")).isZero();
        assertThat(JsonPath.<Integer>read(page0.body(), "$.size")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(page0.body(), "$.totalItems")).isEqualTo(3);
        HttpResponse<String> page1 = send("GET", "/api/v1/itineraries?size=2&page=1", user(owner), null);
        assertThat(JsonPath.<List<String>>read(page1.body(), "$.items[*].id")).containsExactly(first);

        HttpResponse<String> tooBig = send("GET", "/api/v1/itineraries?size=101", user(owner), null);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(tooBig.body(), "$.errors[*].field")).containsExactly("size");
        assertThat(send("GET", "/api/v1/itineraries?page=-1", user(owner), null).statusCode()).isEqualTo(400);
    }

    @Test
    void optimizesEachDaysWalkFromItsFirstStopKeepingTheStartTimesInOrder() throws Exception {
        // Along one street, given zig-zag: 0 km, 4 km, 1 km, 3 km, 2 km east of the first stop.
        String[] street = new String[5];
        for (int km = 0; km < 5; km++) {
            street[km] = Fixtures.knownPlace(knownPlaces, cityId, 48.85, 2.30 + km * 0.0136);
        }
        String body = itinerary("Zig-zag", cityId, null,
                day("2026-12-01", stop(street[0], "09:00", 30), stop(street[4], "10:00", 45), stop(street[1], "11:00", 60),
                        stop(street[3], "12:00", 15), stop(street[2], "13:00", 20)),
                day("2026-12-02", stop(louvre, "10:00", 60)));
        String id = create(body);

        HttpResponse<String> optimized = send("POST", "/api/v1/itineraries/" + id + "/optimize", user(owner), null);
        assertThat(optimized.statusCode()).as(optimized.body()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(optimized.body(), "$.days[0].stops[*].placeId"))
            .containsExactly(street[0], street[1], street[2], street[3], street[4]);
        assertThat(JsonPath.<List<String>>read(optimized.body(), "$.days[0].stops[*].startTime"))
            .containsExactly("09:00", "10:00", "11:00", "12:00", "13:00");
        assertThat(JsonPath.<List<Integer>>read(optimized.body(), "$.days[0].stops[*].durationMinutes"))
            .as("each stop keeps its duration").containsExactly(30, 60, 20, 15, 45);
        assertThat(JsonPath.<List<String>>read(optimized.body(), "$.days[1].stops[*].placeId")).containsExactly(louvre);
        long before = JsonPath.<Number>read(optimized.body(), "$.distanceMetersBefore").longValue();
        long after = JsonPath.<Number>read(optimized.body(), "$.distanceMetersAfter").longValue();
        assertThat(before).isBetween(9_900L, 10_100L); // 4 + 3 + 2 + 1 km
        assertThat(after).isBetween(3_950L, 4_050L);

        HttpResponse<String> saved = send("GET", "/api/v1/itineraries/" + id, user(owner), null);
        assertThat(JsonPath.<List<String>>read(saved.body(), "$.days[0].stops[*].placeId"))
            .containsExactly(street[0], street[1], street[2], street[3], street[4]);

        HttpResponse<String> again = send("POST", "/api/v1/itineraries/" + id + "/optimize", user(owner), null);
        assertThat(JsonPath.<List<String>>read(again.body(), "$.days[0].stops[*].placeId"))
            .containsExactly(street[0], street[1], street[2], street[3], street[4]);
        assertThat(JsonPath.<Number>read(again.body(), "$.distanceMetersBefore").longValue()).isEqualTo(after);
        assertThat(JsonPath.<Number>read(again.body(), "$.distanceMetersAfter").longValue()).isEqualTo(after);
    }

    @Test
    void describesEveryEndpointInItsOpenApiDocumentWithoutTheCallersIdentityAsAParameter() throws Exception {
        HttpResponse<String> docs = send("GET", "/v3/api-docs", null, null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Map<String, Object>>read(docs.body(), "$.paths"))
            .containsOnlyKeys("/api/v1/itineraries", "/api/v1/itineraries/{id}", "/api/v1/itineraries/{id}/optimize");
        assertThat(JsonPath.<List<String>>read(docs.body(), "$.paths..parameters[*].name")).containsOnly("id", "page", "size");
        assertThat(JsonPath.<Map<String, Object>>read(docs.body(), "$.components.schemas.OptimizedItinerary.properties"))
            .containsKeys("distanceMetersBefore", "distanceMetersAfter", "days");
    }

    private String create(String body) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/itineraries", user(owner), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.read(created.body(), "$.id");
    }

    /** The owner's itineraries in the database, deleted ones included: nothing a refused request could have left. */
    private long count(String ownerId) {
        return mongo.count(Query.query(Criteria.where("ownerId").is(ownerId)), "itineraries");
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        return new ApiClient(port).send(method, path, authorization, json);
    }
}
