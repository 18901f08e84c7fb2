package com.cityexplorer.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Nearby search at a fixed arrival rate (open model: {@code users.per.sec} new searches a second, whatever
 * the answers' latency) against one target: place-service itself or the gateway in front of it.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.NearbySearchSimulation \
 *     [-Dtarget.url=http://localhost:8080] [-Dtarget.name=gateway] [-Dcities.url=http://localhost:8080] [-Dcities=50] \
 *     [-Dusers.per.sec=200] [-Dramp.seconds=5] [-Dduration.seconds=60] [-Dradius.meters=1000]
 * </pre>
 *
 * Centres are the centres of the {@code cities} most populous cities, read once from the cities API at
 * {@code cities.url} (the gateway; place-service has no city list) before the load starts, each search
 * moved by a random jitter of up to 0.005 degrees in latitude and longitude. Each virtual user sends one
 * search; connections are shared between users (kept alive, as a browser or a CDN would), so latency is the
 * search's, not a TCP handshake's, and caching is off (the answers say they may be cached for a minute).
 * Searches during the ramp are named "nearby search (ramp)"; the figures to read are those of "nearby search".
 * There are no assertions: scripts/bench-catalog.sh judges the percentiles.
 */
public class NearbySearchSimulation extends Simulation {

    private static final String TARGET_URL = Loopback.only("target.url", System.getProperty("target.url", "http://localhost:8080"));
    private static final String TARGET_NAME = System.getProperty("target.name", TARGET_URL);
    private static final String CITIES_URL = Loopback.only("cities.url", System.getProperty("cities.url", "http://localhost:8080"));
    private static final int CITIES = Integer.getInteger("cities", 50);
    private static final double USERS_PER_SEC = Double.parseDouble(System.getProperty("users.per.sec", "200"));
    private static final int RAMP_SECONDS = Integer.getInteger("ramp.seconds", 5);
    private static final int DURATION_SECONDS = Integer.getInteger("duration.seconds", 60);
    private static final int RADIUS_METERS = Integer.getInteger("radius.meters", 1000);
    private static final double JITTER_DEGREES = 0.005;

    /** The request the report is read for; scripts/gatling_request_stats.py looks it up by this name. */
    static final String REQUEST = "nearby search";

    private final List<double[]> centres = cityCentres();

    private final HttpProtocolBuilder httpProtocol = http
            .baseUrl(TARGET_URL)
            // The default warm-up URL is on the internet; both place-service and the gateway answer this one.
            .warmUp(TARGET_URL + "/actuator/health")
            .acceptHeader("application/json")
            .disableCaching()
            .shareConnections();

    private ScenarioBuilder search(String scenarioName, String requestName) {
        return scenario(scenarioName)
                .feed(jitteredCentres())
                .exec(http(requestName).get("/api/v1/places/nearby")
                        .queryParam("lat", "#{lat}")
                        .queryParam("lon", "#{lon}")
                        .queryParam("radiusMeters", RADIUS_METERS)
                        .check(status().is(200)));
    }

    {
        setUp(search("Nearby search ramp, " + TARGET_NAME, REQUEST + " (ramp)")
                        .injectOpen(rampUsersPerSec(1).to(USERS_PER_SEC).during(RAMP_SECONDS))
                        .andThen(search("Nearby search, " + TARGET_NAME, REQUEST)
                                .injectOpen(constantUsersPerSec(USERS_PER_SEC).during(DURATION_SECONDS))))
                .protocols(httpProtocol)
                // Hard stop even if the target hangs (requests otherwise time out only after 60 s each).
                .maxDuration(Duration.ofSeconds(RAMP_SECONDS + DURATION_SECONDS + 30));
    }

    /** An endless feed of search centres: a random city's centre, moved by a random jitter. Stateless, so thread-safe. */
    private Iterator<Map<String, Object>> jitteredCentres() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                double[] centre = centres.get(random.nextInt(centres.size()));
                double lat = Math.clamp(centre[0] + random.nextDouble(-JITTER_DEGREES, JITTER_DEGREES), -90.0, 90.0);
                double lon = Math.clamp(centre[1] + random.nextDouble(-JITTER_DEGREES, JITTER_DEGREES), -180.0, 180.0);
                return Map.of("lat", String.format(Locale.ROOT, "%.6f", lat), "lon", String.format(Locale.ROOT, "%.6f", lon));
            }
        };
    }

    /** The centres ({lat, lon}) of the most populous cities, from the cities API, once. */
    private static List<double[]> cityCentres() {
        URI uri = URI.create(CITIES_URL + "/api/v1/cities?sort=population&size=" + CITIES);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            List<double[]> centres = new ArrayList<>();
            for (JsonNode city : new ObjectMapper().readTree(response.body()).path("items")) {
                JsonNode location = city.path("location");
                if (location.path("lat").isNumber() && location.path("lon").isNumber()) {
                    centres.add(new double[] {location.path("lat").asDouble(), location.path("lon").asDouble()});
                }
            }
            if (centres.isEmpty()) {
                throw new IllegalStateException("GET " + uri + " listed no city with a location: " + response.body());
            }
            return List.copyOf(centres);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not read the city centres from " + uri + " (is the platform running?)", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the city centres from " + uri, e);
        }
    }
}
