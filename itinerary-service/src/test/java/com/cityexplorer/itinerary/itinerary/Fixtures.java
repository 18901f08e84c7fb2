package com.cityexplorer.itinerary.itinerary;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import com.cityexplorer.itinerary.TestEvents;
import com.cityexplorer.itinerary.place.KnownPlaces;
import com.cityexplorer.test.TestIdentity;

import static org.awaitility.Awaitility.await;

/** Request bodies, identities and known places for the itinerary tests. */
final class Fixtures {

    private Fixtures() {
    }

    static String user(String userId) {
        return TestIdentity.bearer("itinerary-service", userId, "USER");
    }

    /** A fresh id, so tests sharing the database (and the context) never see each other's data. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A place announced as place-service would, once itinerary-service knows it. */
    static String knownPlace(KnownPlaces places, String cityId, double lat, double lon) throws Exception {
        String placeId = unique("place");
        TestEvents.placeCreated(placeId, cityId, lat, lon);
        await().atMost(Duration.ofSeconds(30)).until(() -> places.live(Set.of(placeId)).containsKey(placeId));
        return placeId;
    }

    static String itinerary(String title, String cityId, String visibility, String... days) {
        return "{\"title\":\"" + title + "\",\"cityId\":\"" + cityId + "\"" + (visibility == null ? "" : ",\"visibility\":\"" + visibility + "\"")
                + ",\"days\":[" + String.join(",", days) + "]}";
    }

    static String day(String date, String... stops) {
        return "{\"date\":\"" + date + "\",\"stops\":[" + String.join(",", stops) + "]}";
    }

    static String stop(String placeId, String startTime, int durationMinutes) {
        return "{\"placeId\":\"" + placeId + "\",\"startTime\":\"" + startTime + "\",\"durationMinutes\":" + durationMinutes
                + ",\"note\":\"Visit " + placeId + "\"}";
    }
}
