package com.cityexplorer.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Maximum throughput of single-place reads through one target (the gateway, or another proxy in front of the
 * same place-service): a closed model of {@code connections} virtual users, each one connection sending its
 * next {@code GET /api/v1/places/{id}} as soon as the last one is answered, so the request count measures
 * throughput.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.PlaceByIdThroughputSimulation \
 *     [-Dtarget.url=http://localhost:8080] [-Dtarget.name=gateway] [-Dconnections=32] [-Dwarmup.seconds=10] \
 *     [-Dduration.seconds=30] [-Dcatalog.dir=place-service/src/main/resources/catalog/places] [-Dhot.set=0] [-Dtoken=SESSION]
 * </pre>
 *
 * The ids are the curated places' ({@code <file name without .json>-<slug>} of each catalog file), all of them
 * or {@code hot.set} of them; all fit place-service's cache of hot places. Each user reads them for
 * {@code warmup.seconds} ("place by id (warm-up)" in the report), then for {@code duration.seconds}
 * ("place by id"): throughput is the OK count of "place by id" over {@code duration.seconds}. Caching is off
 * (the answers say they may be cached for a minute, which would otherwise spare the target most requests).
 * There are no assertions: scripts/bench-catalog.sh compares the targets.
 */
public class PlaceByIdThroughputSimulation extends Simulation {

    private static final String TARGET_URL = Loopback.only("target.url", System.getProperty("target.url", "http://localhost:8080"));
    private static final String TARGET_NAME = System.getProperty("target.name", TARGET_URL);
    private static final int CONNECTIONS = Integer.getInteger("connections", 32);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 10);
    private static final int DURATION_SECONDS = Integer.getInteger("duration.seconds", 30);
    private static final int HOT_SET = Integer.getInteger("hot.set", 0);
    /** A session token: every read is then an authenticated one (through the gateway only; services take no session tokens). */
    private static final String TOKEN = System.getProperty("token", "");

    /** The measured request; scripts/gatling_request_stats.py looks it up by this name. */
    static final String REQUEST = "place by id";

    private final FeederBuilder<Object> ids = listFeeder(hotIds()).circular();

    private final HttpProtocolBuilder httpProtocol = authenticated(http
            .baseUrl(TARGET_URL)
            // The default warm-up URL is on the internet; the gateway and a proxy in front of place-service answer this one.
            .warmUp(TARGET_URL + "/actuator/health")
            .acceptHeader("application/json")
            .disableCaching());

    private static HttpProtocolBuilder authenticated(HttpProtocolBuilder protocol) {
        return TOKEN.isBlank() ? protocol : protocol.authorizationHeader("Bearer " + TOKEN);
    }

    private ChainBuilder reads(String requestName, int seconds) {
        return exec(during(Duration.ofSeconds(seconds)).on(feed(ids).exec(
                http(requestName).get("/api/v1/places/#{id}").check(status().is(200)))));
    }

    private final ScenarioBuilder scenario = scenario("Place by id, " + TARGET_NAME)
            .exec(reads(REQUEST + " (warm-up)", WARMUP_SECONDS), reads(REQUEST, DURATION_SECONDS));

    {
        // Every user starts at once and stays until both of its loops end, just after the injection ends, so the
        // population is exactly CONNECTIONS users throughout and none is ever replaced.
        setUp(scenario.injectClosed(constantConcurrentUsers(CONNECTIONS).during(Duration.ofSeconds(WARMUP_SECONDS + DURATION_SECONDS))))
                .protocols(httpProtocol)
                .maxDuration(Duration.ofSeconds(WARMUP_SECONDS + DURATION_SECONDS + 30L));
    }

    /** The curated place ids, in a fixed shuffled order (so a hot set of N spans cities), all or the first hot.set. */
    static List<Map<String, Object>> hotIds() {
        Path dir = catalogDir();
        List<String> ids = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String city = file.getFileName().toString().replaceFirst("\\.json$", "");
                for (JsonNode place : json.readTree(file.toFile()).path("places")) {
                    ids.add(city + "-" + place.path("slug").asText());
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not read the curated places in " + dir, e);
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("No curated places in " + dir);
        }
        Collections.shuffle(ids, new Random(42));
        List<String> hot = HOT_SET > 0 ? ids.subList(0, Math.min(HOT_SET, ids.size())) : ids;
        return hot.stream().<Map<String, Object>>map(id -> Map.of("id", id)).toList();
    }

    /** catalog.dir, or place-service's catalog seen from load-tests (where Maven runs Gatling) or the repository root. */
    private static Path catalogDir() {
        String configured = System.getProperty("catalog.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        return Stream.of("../place-service/src/main/resources/catalog/places", "place-service/src/main/resources/catalog/places")
                .map(Path::of)
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Curated places not found; give their directory as -Dcatalog.dir=..."));
    }
}
