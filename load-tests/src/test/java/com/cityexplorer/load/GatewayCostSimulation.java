package com.cityexplorer.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The gateway's cost (issue 8): the same single-place reads through the gateway (signed in when given a
 * token), through nginx in front of the same place-service, and straight to place-service, taking turns in
 * short windows within one run, so every target sees the same machine. On shared cores a machine's speed
 * drifts over minutes; runs one after the other measured that drift as much as the targets (one series' runs
 * gave gateway/nginx ratios from 0.43 to 0.90).
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.GatewayCostSimulation \
 *     -Dgateway.url=http://127.0.0.1:8080 -Dnginx.url=http://127.0.0.1:PORT -Ddirect.url=http://127.0.0.1:8083 \
 *     [-Dtoken=SESSION] [-Dconnections=32] [-Dwarmup.seconds=30] [-Dwindow.seconds=20] [-Drounds=6] [-Dcatalog.dir=...]
 * </pre>
 *
 * A closed model of {@code connections} virtual users, all in step, each sending its next
 * {@code GET /api/v1/places/{id}} as soon as the last is answered. Each target is first read for
 * {@code warmup.seconds} ("gateway (warm-up)" and so on), then each round reads each target for
 * {@code window.seconds}: "gateway 1", "nginx 1", "direct 1", then round 2 in the reverse order ("direct 2",
 * "nginx 2", "gateway 2"), and so on, so a steady drift favours no target. Throughput in a window is its OK
 * count over {@code window.seconds}; scripts/gatling_request_stats.py (mode cost) pairs the windows of a round.
 * Caching is off, as in {@link PlaceByIdThroughputSimulation}. There are no assertions: the script compares.
 */
public class GatewayCostSimulation extends Simulation {

    static final List<String> TARGETS = List.of("gateway", "nginx", "direct");

    private static final Map<String, String> URLS = Map.of(
            "gateway", Loopback.only("gateway.url", System.getProperty("gateway.url", "http://127.0.0.1:8080")),
            "nginx", Loopback.only("nginx.url", required("nginx.url")),
            "direct", Loopback.only("direct.url", System.getProperty("direct.url", "http://127.0.0.1:8083")));
    private static final String TOKEN = System.getProperty("token", "");
    private static final int CONNECTIONS = Integer.getInteger("connections", 32);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 30);
    private static final int WINDOW_SECONDS = Integer.getInteger("window.seconds", 20);
    private static final int ROUNDS = Integer.getInteger("rounds", 6);

    private final FeederBuilder<Object> ids = listFeeder(PlaceByIdThroughputSimulation.hotIds()).circular();

    private final HttpProtocolBuilder httpProtocol = http
            // The default warm-up URL is on the internet.
            .warmUp(URLS.get("direct") + "/actuator/health")
            .acceptHeader("application/json")
            .disableCaching();

    private ChainBuilder reads(String target, String requestName, int seconds) {
        HttpRequestActionBuilder read = http(requestName).get(URLS.get(target) + "/api/v1/places/#{id}").check(status().is(200));
        // Sessions are the gateway's: services and nginx in front of one take no session tokens.
        if (target.equals("gateway") && !TOKEN.isBlank()) {
            read = read.header("Authorization", "Bearer " + TOKEN);
        }
        return exec(during(Duration.ofSeconds(seconds)).on(feed(ids).exec(read)));
    }

    /** The windows in the order every user reads them: warm-ups, then the rounds, every other one reversed. */
    static List<String[]> windows(int rounds) {
        List<String[]> windows = new ArrayList<>();
        TARGETS.forEach(target -> windows.add(new String[] { target, target + " (warm-up)" }));
        for (int round = 1; round <= rounds; round++) {
            List<String> order = round % 2 == 1 ? TARGETS : TARGETS.reversed();
            for (String target : order) {
                windows.add(new String[] { target, target + " " + round });
            }
        }
        return windows;
    }

    {
        List<ChainBuilder> chain = windows(ROUNDS).stream()
            .map(window -> reads(window[0], window[1], window[1].endsWith("(warm-up)") ? WARMUP_SECONDS : WINDOW_SECONDS))
            .toList();
        ScenarioBuilder scenario = scenario("Gateway cost").exec(chain);
        int total = TARGETS.size() * (WARMUP_SECONDS + ROUNDS * WINDOW_SECONDS);
        // Every user starts at once and stays to the end, so the population is exactly CONNECTIONS users throughout.
        setUp(scenario.injectClosed(constantConcurrentUsers(CONNECTIONS).during(Duration.ofSeconds(total))))
                .protocols(httpProtocol)
                .maxDuration(Duration.ofSeconds(total + 60L));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Set -D" + property + " (see GatewayCostSimulation's comment)");
        }
        return value;
    }
}
