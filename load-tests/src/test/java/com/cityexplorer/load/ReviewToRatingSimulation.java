package com.cityexplorer.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Review created to place rating updated, through the gateway: reviews arrive at a fixed rate (open
 * model, default 100/s for 30 s); after every tenth review's 201 ({@code -Dsample}), the place is read
 * every 100 ms until its rating count includes the review (following every review made the probe's
 * own reads the bulk of the load). The time from sending the review to seeing it counted is recorded per review
 * and its percentiles are written to {@code target/review-to-rating.txt} (Gatling has no metric for a
 * span across requests). Consecutive reviews go to different curated places (one place again only
 * every 414 reviews, about 4 s at 100/s), each by a different signed-in user, so a count never
 * includes somebody else's review by mistake.
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.ReviewToRatingSimulation \
 *     [-Dgateway.url=http://localhost:8080] [-Drate=100] [-Dduration.seconds=30] [-Dreviewers=16]
 * </pre>
 */
public class ReviewToRatingSimulation extends Simulation {

    private static final String GATEWAY_URL = Loopback.only(System.getProperty("gateway.url", "http://localhost:8080"));
    private static final int RATE = Integer.getInteger("rate", 100);
    private static final int DURATION_SECONDS = Integer.getInteger("duration.seconds", 30);
    private static final int REVIEWERS = Integer.getInteger("reviewers", 16);
    private static final int SAMPLE = Integer.getInteger("sample", 10);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static final List<String> PLACES = curatedPlaceIds();
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final AtomicLong NEXT = new AtomicLong();
    private static final Queue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    private final HttpProtocolBuilder httpProtocol = http.baseUrl(GATEWAY_URL)
            .acceptHeader("application/json").contentTypeHeader("application/json").disableCaching();

    // Password hashing is bounded by design (503 asks to retry), so sign-ups are spread out and retried.
    private final ChainBuilder signUp = exec(session -> session.set("email", "reviewer-" + RUN + "-" + session.userId() + "@example.com"))
            .tryMax(10).on(exec(http("sign up").post("/api/v1/users")
                    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"benchmark passphrase\",\"displayName\":\"Reviewer\"}"))
                    .check(status().in(201, 409))).pause(Duration.ofMillis(200)))
            .tryMax(10).on(exec(http("sign in").post("/api/v1/sessions")
                    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"benchmark passphrase\"}"))
                    .check(status().is(201), jsonPath("$.token").saveAs("token"))).pause(Duration.ofMillis(200)))
            .exec(session -> {
                TOKENS.add(session.getString("token"));
                return session;
            });

    private final ChainBuilder review = exec(session -> {
                long k = NEXT.getAndIncrement();
                String place = PLACES.get((int) (k % PLACES.size()));
                String token = TOKENS.get((int) ((k / PLACES.size() + k) % TOKENS.size()));
                return session.set("place", place).set("token", token).set("rating", 1 + (int) (k % 5))
                    .set("counted", k % SAMPLE != 0); // only every SAMPLE-th review is followed, so the probe adds little load
            })
            .doIf(session -> !session.getBoolean("counted")).then(exec(http("place before").get("/api/v1/places/#{place}").check(status().is(200),
                    jsonPath("$.rating.count").ofLong().saveAs("before"))))
            .exec(session -> session.set("sent", System.nanoTime()))
            .exec(http("post review").post("/api/v1/places/#{place}/reviews").header("Authorization", "Bearer #{token}")
                    .body(StringBody("{\"rating\":#{rating},\"text\":\"Benchmark review.\"}")).check(status().is(201)))
            .exitHereIfFailed()
            .asLongAs(session -> !session.getBoolean("counted")).on(
                    exec(http("place after").get("/api/v1/places/#{place}").check(status().is(200),
                            jsonPath("$.rating.count").ofLong().saveAs("now")))
                        .exec(session -> {
                            if (session.getLong("now") > session.getLong("before")) {
                                LATENCIES.add((System.nanoTime() - session.getLong("sent")) / 1_000_000);
                                return session.set("counted", true);
                            }
                            if (System.nanoTime() - session.getLong("sent") > Duration.ofSeconds(30).toNanos()) {
                                LATENCIES.add(Long.MAX_VALUE); // never counted within 30 s
                                return session.set("counted", true);
                            }
                            return session;
                        })
                        .exitHereIfFailed()
                        .pause(Duration.ofMillis(100)));

    {
        ScenarioBuilder reviewers = scenario("reviewers sign in").exec(signUp);
        ScenarioBuilder reviews = scenario("review to rating").exec(review);
        setUp(reviewers.injectOpen(rampUsers(REVIEWERS).during(Duration.ofSeconds(10)))
                .andThen(reviews.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION_SECONDS)))))
            .protocols(httpProtocol)
            .maxDuration(Duration.ofSeconds(180L + DURATION_SECONDS));
    }

    @Override
    public void after() {
        List<Long> sorted = new ArrayList<>(LATENCIES);
        Collections.sort(sorted);
        String report = sorted.isEmpty() ? "no review was counted\n" : String.format(
                "reviews followed %d, review to rating (ms): p50 %s, p95 %s, p99 %s, max %s, never counted within 30 s %d%n", sorted.size(),
                shown(percentile(sorted, 50)), shown(percentile(sorted, 95)), shown(percentile(sorted, 99)),
                sorted.getLast() == Long.MAX_VALUE ? "over 30 s" : sorted.getLast().toString(),
                sorted.stream().filter(latency -> latency == Long.MAX_VALUE).count());
        System.out.print(report);
        try {
            Path target = Files.createDirectories(Path.of("target"));
            Files.writeString(target.resolve("review-to-rating.txt"), report);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String shown(long millis) {
        return millis == Long.MAX_VALUE ? "over 30 s" : Long.toString(millis);
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    /** The curated places' ids ({@code <file>-<slug>}), from place-service's catalog. */
    private static List<String> curatedPlaceIds() {
        Path dir = Stream.of("../place-service/src/main/resources/catalog/places", "place-service/src/main/resources/catalog/places")
            .map(Path::of).filter(Files::isDirectory).findFirst()
            .orElseThrow(() -> new IllegalStateException("place-service's catalog not found"));
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String city = file.getFileName().toString().replaceFirst("\\.json$", "");
                java.util.regex.Matcher slug = java.util.regex.Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(file));
                while (slug.find()) {
                    ids.add(city + "-" + slug.group(1));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return ids;
    }
}
