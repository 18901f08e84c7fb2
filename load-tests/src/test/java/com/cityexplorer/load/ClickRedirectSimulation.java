package com.cityexplorer.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Click redirects through the gateway at a fixed rate (open model, default 1,000/s for 30 s), each from
 * a different client (its own user agent, so every click counts), then the partner's report is read
 * until it has counted them all (or 120 s pass): the figures are the clicks' latency and how many clicks
 * answered 302 against how many the report counts. Before the run it sets up what it needs as users
 * would: a user signs up, the development administrator makes them a partner, the partner (once
 * user-service has granted the role) creates an offer.
 * <p>
 * The measured phase is preceded by a warm-up at the same rate (request "warm-up click", default 20 s):
 * without it the first seconds measure the load generator's own cold JVM and the opening of hundreds of
 * connections, not the click path. With {@code -Dbaseline.url} (nginx in front of the same
 * affiliate-service, see {@code scripts/bench-clicks.sh}) the same clicks are also sent there, warmed up the
 * same way, in a phase of the same length and rate right before or after the gateway's
 * ({@code -Dbaseline.first}): "click via gateway" against "click via baseline", in one run. Every click
 * of every phase is counted. Results in {@code target/click-redirect.txt} ({@code -Daccounting.file}).
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.ClickRedirectSimulation \
 *     [-Dgateway.url=http://localhost:8080] [-Dbaseline.url=http://localhost:PORT] [-Dbaseline.first=false]
 *     [-Drate=1000] [-Dduration.seconds=30] [-Dwarmup.seconds=20] [-Daccounting.file=target/click-redirect.txt]
 * </pre>
 */
public class ClickRedirectSimulation extends Simulation {

    private static final String GATEWAY_URL = Loopback.only(System.getProperty("gateway.url", "http://localhost:8080"));
    private static final String BASELINE_URL = System.getProperty("baseline.url") == null ? null
            : Loopback.only("baseline.url", System.getProperty("baseline.url"));
    private static final boolean BASELINE_FIRST = Boolean.getBoolean("baseline.first");
    private static final int RATE = Integer.getInteger("rate", 1000);
    private static final int DURATION_SECONDS = Integer.getInteger("duration.seconds", 30);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 20);
    private static final Path ACCOUNTING_FILE = Path.of(System.getProperty("accounting.file", "target/click-redirect.txt"));
    private static final String ADMIN_EMAIL = System.getProperty("admin.email", "admin@city-explorer.local");
    private static final String ADMIN_PASSWORD = System.getProperty("admin.password", "Explorer-dev-2026");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicLong REDIRECTED = new AtomicLong();

    private static String offerId;
    private static String partnerToken;

    private final HttpProtocolBuilder httpProtocol = http.disableFollowRedirect().disableCaching().shareConnections()
        .disableWarmUp();

    {
        List<PopulationBuilder> phases = new ArrayList<>();
        phases.add(clicks("warm-up click", BASELINE_URL == null ? List.of(GATEWAY_URL) : List.of(GATEWAY_URL, BASELINE_URL))
            .injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(WARMUP_SECONDS))));
        PopulationBuilder gateway = clicks("click via gateway", List.of(GATEWAY_URL))
            .injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION_SECONDS)));
        if (BASELINE_URL == null) {
            phases.add(gateway);
        }
        else {
            PopulationBuilder baseline = clicks("click via baseline", List.of(BASELINE_URL))
                .injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION_SECONDS)));
            phases.addAll(BASELINE_FIRST ? List.of(baseline, gateway) : List.of(gateway, baseline));
        }
        // One phase after the other: each measured at the full rate on its own.
        PopulationBuilder population = phases.getLast();
        for (int i = phases.size() - 2; i >= 0; i--) {
            population = phases.get(i).andThen(population);
        }
        setUp(population).protocols(httpProtocol).maxDuration(Duration.ofSeconds(60L + WARMUP_SECONDS + 2L * DURATION_SECONDS));
    }

    /** Clicks named {@code name}, each user one click from its own client, alternating over {@code targets}. */
    private static ScenarioBuilder clicks(String name, List<String> targets) {
        return scenario(name).exec(session -> session.set("offer", offerId).set("client", session.userId())
                .set("target", targets.get((int) (session.userId() % targets.size()))))
            .exec(http(name).get("#{target}/api/v1/affiliate/offers/#{offer}/click").header("User-Agent", "gatling-" + name.replace(' ', '-') + "-#{client}")
                .check(status().is(302)))
            .exitHereIfFailed()
            .exec(session -> {
                REDIRECTED.incrementAndGet();
                return session;
            });
    }

    @Override
    public void before() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "partner-" + run + "@example.com";
        String password = "benchmark passphrase " + run;
        call("POST", "/api/v1/users", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"Partner\"}", 201);
        String userToken = field(call("POST", "/api/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", 201), "token");
        String userId = field(call("GET", "/api/v1/users/me", userToken, null, 200), "id");
        String adminToken = field(call("POST", "/api/v1/sessions", null,
                "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}", 201), "token");
        // affiliate-service learns of new users from user-service's events: retry until it has.
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> created = send("POST", "/api/v1/affiliate/partners", adminToken, "{\"name\":\"Benchmark partner " + run
                    + "\",\"userId\":\"" + userId + "\"}");
            if (created.statusCode() == 201) {
                break;
            }
            if (created.statusCode() != 422 || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Could not create the partner: " + created.statusCode() + " " + created.body());
            }
            sleep();
        }
        // The PARTNER role arrives through user-service (an event); sessions are updated in place.
        while (true) {
            HttpResponse<String> offer = send("POST", "/api/v1/affiliate/offers", userToken, "{\"placeId\":\"paris-musee-du-louvre\","
                    + "\"title\":\"Benchmark tour\",\"price\":25,\"currency\":\"EUR\",\"url\":\"https://partner.example/tour\",\"commissionRate\":0.1}");
            if (offer.statusCode() == 201) {
                offerId = field(offer.body(), "id");
                partnerToken = userToken;
                return;
            }
            if (offer.statusCode() != 403 || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Could not create the offer: " + offer.statusCode() + " " + offer.body());
            }
            sleep();
        }
    }

    @Override
    public void after() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        long redirected = REDIRECTED.get();
        long counted = -1;
        Instant started = Instant.now();
        Instant deadline = started.plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            counted = Long.parseLong(number(call("GET", "/api/v1/affiliate/reports?from=" + today + "&to=" + today, partnerToken, null, 200),
                    "clicks"));
            if (counted >= redirected) {
                break;
            }
            sleep();
        }
        String report = String.format("clicks redirected %d, counted in the report %d (after %d s), missing %d%n", redirected, counted,
                Duration.between(started, Instant.now()).toSeconds(), redirected - counted);
        System.out.print(report);
        try {
            Files.createDirectories(ACCOUNTING_FILE.toAbsolutePath().getParent());
            Files.writeString(ACCOUNTING_FILE, report);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String call(String method, String path, String token, String json, int expected) {
        HttpResponse<String> response = send(method, path, token, json);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY_URL + path)).timeout(Duration.ofSeconds(30))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String number(String json, String name) {
        Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*([0-9]+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return matcher.group(1);
    }

    // Setup and the final count poll other services' eventual consistency; the load itself never sleeps.
    private static void sleep() {
        try {
            Thread.sleep(500);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
