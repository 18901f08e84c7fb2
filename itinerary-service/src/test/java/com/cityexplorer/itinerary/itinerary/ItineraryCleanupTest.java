package com.cityexplorer.itinerary.itinerary;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.cityexplorer.itinerary.TestEvents;
import com.cityexplorer.itinerary.place.KnownPlaces;
import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
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
import static org.awaitility.Awaitility.await;

/**
 * What other services' events do to itineraries: a deleted place leaves every itinerary that had it, a
 * deleted account takes its itineraries with it (events published here as place- and user-service would).
 */
@PlatformIntegrationTest
class ItineraryCleanupTest {

    @LocalServerPort
    int port;

    @Autowired
    KnownPlaces knownPlaces;

    @Autowired
    MongoTemplate mongo;

    String cityId;
    String louvre;
    String orsay;

    @BeforeAll
    static void otherServicesTopics() throws Exception {
        TestEvents.createTopics();
    }

    @BeforeEach
    void cityWithPlaces() throws Exception {
        cityId = unique("city");
        louvre = Fixtures.knownPlace(knownPlaces, cityId, 48.8606, 2.3376);
        orsay = Fixtures.knownPlace(knownPlaces, cityId, 48.8600, 2.3266);
    }

    @Test
    void aDeletedPlaceLeavesEveryItineraryThatHadItAndTheyStayValid() throws Exception {
        String ann = unique("user");
        String bob = unique("user");
        String annsPlan = create(ann, itinerary("Ann's", cityId, null,
                day("2026-12-01", stop(louvre, "09:00", 60), stop(orsay, "11:00", 60), stop(louvre, "15:00", 30)),
                day("2026-12-02", stop(louvre, "10:00", 60))));
        String bobsPlan = create(bob, itinerary("Bob's", cityId, "public", day("2026-12-05", stop(orsay, "09:00", 60), stop(louvre, "12:00", 60))));
        String untouched = create(bob, itinerary("Orsay only", cityId, null, day("2026-12-06", stop(orsay, "09:00", 60))));
        String untouchedBefore = read(bob, untouched).body();

        TestEvents.placeDeleted(louvre, cityId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(JsonPath.<List<String>>read(read(ann, annsPlan).body(), "$.days[*].stops[*].placeId")).containsExactly(orsay);
            assertThat(JsonPath.<List<String>>read(read(bob, bobsPlan).body(), "$.days[*].stops[*].placeId")).containsExactly(orsay);
        });
        String anns = read(ann, annsPlan).body();
        assertThat(JsonPath.<List<String>>read(anns, "$.days[*].date")).as("days are kept, even without stops")
            .containsExactly("2026-12-01", "2026-12-02");
        assertThat(JsonPath.<List<String>>read(anns, "$.days[0].stops[*].startTime")).containsExactly("11:00");
        assertThat(JsonPath.<List<Object>>read(anns, "$.days[1].stops")).isEmpty();
        assertThat(read(bob, untouched).body()).isEqualTo(untouchedBefore);

        // Still valid: the owner can save it back as it is, and optimise it.
        String days = JsonPath.parse((Object) JsonPath.read(anns, "$.days")).jsonString();
        HttpResponse<String> saved = send("PUT", "/api/v1/itineraries/" + annsPlan, user(ann),
                "{\"title\":\"Ann's\",\"cityId\":\"" + cityId + "\",\"days\":" + days + "}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/itineraries/" + annsPlan + "/optimize", user(ann), null).statusCode()).isEqualTo(200);

        // And the place cannot be planned again, even if an older event about it arrives late.
        String replay = TestEvents.placeEvent("PlaceUpdated", louvre, cityId, 48.8606, 2.3376, java.time.Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(
                Query.query(Criteria.where("_id").is("known-places:" + replay)), "processed_events"));
        HttpResponse<String> again = send("POST", "/api/v1/itineraries", user(ann),
                itinerary("Again", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        assertThat(again.statusCode()).isEqualTo(422);

        var events = TopicReader.read("ce.itinerary.events", record -> annsPlan.equals(record.key()), found -> found.size() >= 2);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .startsWith("ItineraryCreated", "ItineraryUpdated");
    }

    @Test
    void aDeletedAccountTakesAllItsItinerariesWithIt() throws Exception {
        String gone = unique("user");
        String stays = unique("user");
        String privatePlan = create(gone, itinerary("Mine", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        String publicPlan = create(gone, itinerary("Shared", cityId, "public", day("2026-12-01", stop(orsay, "09:00", 60))));
        String othersPlan = create(stays, itinerary("Other's", cityId, "public", day("2026-12-01", stop(orsay, "09:00", 60))));

        TestEvents.userDeleted(gone);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(read(gone, privatePlan).statusCode()).isEqualTo(404);
            assertThat(send("GET", "/api/v1/itineraries/" + publicPlan, null, null).statusCode()).isEqualTo(404);
        });
        assertThat(JsonPath.<List<Object>>read(send("GET", "/api/v1/itineraries", user(gone), null).body(), "$.items")).isEmpty();
        assertThat(send("GET", "/api/v1/itineraries/" + othersPlan, null, null).statusCode()).isEqualTo(200);

        var events = TopicReader.read("ce.itinerary.events",
                record -> List.of(privatePlan, publicPlan).contains(record.key()) && record.value().contains("ItineraryDeleted"),
                found -> found.size() >= 2);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.data.ownerId")).containsOnly(gone);
        // The tombstones go once their events are out: nothing of the user's plans stays.
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.count(Query.query(Criteria.where("ownerId").is(gone)), "itineraries") == 0);
    }

    @Test
    void aWriteThatLandsAfterTheAccountsDeletionWasHandledIsUndone() throws Exception {
        // As if the UserDeleted reaction had just run while this user's request was on its way.
        String gone = unique("user");
        mongo.getCollection("former_users").insertOne(new Document("_id", gone));

        HttpResponse<String> late = send("POST", "/api/v1/itineraries", user(gone),
                itinerary("Too late", cityId, null, day("2026-12-01", stop(louvre, "09:00", 60))));
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(mongo.count(Query.query(Criteria.where("ownerId").is(gone)).addCriteria(Criteria.where("_deleted").ne(true)),
                "itineraries")).isZero();
    }

    private String create(String owner, String body) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/itineraries", user(owner), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.read(created.body(), "$.id");
    }

    private HttpResponse<String> read(String owner, String id) throws Exception {
        return send("GET", "/api/v1/itineraries/" + id, user(owner), null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        return new ApiClient(port).send(method, path, authorization, json);
    }
}
