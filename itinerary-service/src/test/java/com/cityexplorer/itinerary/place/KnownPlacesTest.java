package com.cityexplorer.itinerary.place;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import com.cityexplorer.itinerary.TestEvents;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read model of places, kept from place-service's events: newest state wins, deletion is final. */
@PlatformIntegrationTest
class KnownPlacesTest {

    @Autowired
    KnownPlaces knownPlaces;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void otherServicesTopics() throws Exception {
        TestEvents.createTopics();
    }

    @Test
    void keepsTheNewestStateOfEachPlaceWhateverOrderTheEventsArriveIn() throws Exception {
        String placeId = "place-" + UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.placeEvent("PlaceCreated", placeId, "city-a", 48.0, 2.0, now.minusSeconds(20));
        applied(TestEvents.placeEvent("PlaceUpdated", placeId, "city-b", 49.0, 3.0, now.minusSeconds(10)));
        assertThat(knownPlaces.live(Set.of(placeId)).get(placeId))
            .isEqualTo(new KnownPlaces.KnownPlace(placeId, "city-b", "Place " + placeId, 49.0, 3.0));

        applied(TestEvents.placeEvent("PlaceUpdated", placeId, "city-c", 50.0, 4.0, now.minusSeconds(15)));
        assertThat(knownPlaces.live(Set.of(placeId)).get(placeId).cityId()).as("an older event changes nothing").isEqualTo("city-b");

        applied(TestEvents.placeDeleted(placeId, "city-b"));
        assertThat(knownPlaces.live(Set.of(placeId))).isEmpty();
        assertThat(knownPlaces.deleted(Set.of(placeId, "never-heard-of"))).containsExactly(placeId);

        applied(TestEvents.placeEvent("PlaceUpdated", placeId, "city-b", 49.0, 3.0, now.minusSeconds(5)));
        applied(TestEvents.placeEvent("PlaceUpdated", placeId, "city-b", 49.0, 3.0, Instant.now().plusSeconds(5)));
        assertThat(knownPlaces.live(Set.of(placeId))).as("a deleted place stays deleted").isEmpty();
    }

    @Test
    void deadLettersAPlaceEventItCannotUseAndGoesOn() throws Exception {
        String broken = "place-" + UUID.randomUUID();
        TestEvents.publish(TestEvents.PLACE_EVENTS, "PlaceCreated", "place-service", broken, Instant.now(),
                "{\"placeId\":\"" + broken + "\",\"name\":\"No city, no location\"}");
        // The next event of the same place, on the same partition: handled although the one before it failed.
        TestEvents.placeCreated(broken, "city-a", 48.0, 2.0);

        await().atMost(Duration.ofSeconds(30)).until(() -> knownPlaces.live(Set.of(broken)).containsKey(broken));
        var deadLetters = TopicReader.read("ce.itinerary.dlt", record -> broken.equals(record.key()), found -> !found.isEmpty());
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.getFirst().value()).contains("No city, no location");
    }

    /** Waits until the listener has handled this event. */
    private void applied(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(
                Query.query(Criteria.where("_id").is("known-places:" + eventId)), "processed_events"));
    }
}
