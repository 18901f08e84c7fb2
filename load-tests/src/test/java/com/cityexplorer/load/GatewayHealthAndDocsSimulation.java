package com.cityexplorer.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Read-only load on the gateway: its own health, then each service's readiness and OpenAPI document through it.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.GatewayHealthAndDocsSimulation \
 *     [-Dgateway.url=http://localhost:8080] [-Dusers.per.sec=50] [-Dramp.seconds=5] [-Dduration.seconds=30] [-Dp99.max.ms=500]
 * </pre>
 *
 * Each virtual user sends 13 requests, so the request rate is about 13 x users.per.sec. With -Dbaseline=true the
 * same reads are also sent straight to the services (ports 8081-8086 on the gateway's host), group "direct", at the
 * same rate and at the same time, so the report compares "via gateway" with "direct" measured in the same run.
 */
public class GatewayHealthAndDocsSimulation extends Simulation {

    private static final String GATEWAY_URL = Loopback.only(System.getProperty("gateway.url", "http://localhost:8080"));
    private static final double USERS_PER_SEC = Double.parseDouble(System.getProperty("users.per.sec", "50"));
    private static final int RAMP_SECONDS = Integer.getInteger("ramp.seconds", 5);
    private static final int DURATION_SECONDS = Integer.getInteger("duration.seconds", 30);
    private static final int P99_MAX_MS = Integer.getInteger("p99.max.ms", 500);

    private static final List<String> SERVICES = List.of("user", "city", "place", "itinerary", "review", "affiliate");
    /** Baseline in the same run: the same reads sent straight to each service, without the gateway. */
    private static final boolean BASELINE = Boolean.getBoolean("baseline");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "user", 8081, "city", 8082, "place", 8083, "itinerary", 8084, "review", 8085, "affiliate", 8086);

    private final HttpProtocolBuilder httpProtocol = http
            .baseUrl(GATEWAY_URL)
            // The default warm-up URL is on the internet; warm up on the gateway instead.
            .warmUp(GATEWAY_URL + "/actuator/health")
            .acceptHeader("application/json");

    private final ScenarioBuilder scenario = scenario("Gateway health, readiness and API docs")
            .exec(http("gateway health").get("/actuator/health")
                    .check(status().is(200), jsonPath("$.status").is("UP")))
            .group("via gateway").on(foreach(SERVICES, "service").on(exec(
                    http("readiness #{service}").get("/services/#{service}/health/readiness")
                            .check(status().is(200), jsonPath("$.status").is("UP")),
                    http("api-docs #{service}").get("/v3/api-docs/#{service}")
                            .check(status().is(200), substring("\"openapi\"")))));

    private final ScenarioBuilder direct = scenario("Baseline: the same reads straight to the services")
            .group("direct").on(foreach(SERVICES, "service").on(
                    exec(session -> session.set("serviceUrl", serviceUrl(session.getString("service"))))
                            .exec(http("direct readiness #{service}").get("#{serviceUrl}/actuator/health/readiness")
                                    .check(status().is(200), jsonPath("$.status").is("UP")))
                            .exec(http("direct api-docs #{service}").get("#{serviceUrl}/v3/api-docs")
                                    .check(status().is(200), substring("\"openapi\"")))));

    private static String serviceUrl(String service) {
        return GATEWAY_URL.replaceAll(":\\d+$", "") + ":" + SERVICE_PORTS.get(service);
    }

    {
        var gatewayLoad = scenario.injectOpen(
                rampUsersPerSec(1).to(USERS_PER_SEC).during(RAMP_SECONDS),
                constantUsersPerSec(USERS_PER_SEC).during(DURATION_SECONDS));
        // Side by side, not one after the other, so both see the same (noisy, shared) machine.
        var population = BASELINE
                ? List.of(gatewayLoad, direct.injectOpen(
                        rampUsersPerSec(1).to(USERS_PER_SEC).during(RAMP_SECONDS),
                        constantUsersPerSec(USERS_PER_SEC).during(DURATION_SECONDS)))
                : List.of(gatewayLoad);
        setUp(population)
                .protocols(httpProtocol)
                // Hard stop even if the gateway hangs (requests otherwise time out only after 60 s each).
                .maxDuration(Duration.ofSeconds(RAMP_SECONDS + DURATION_SECONDS + 30))
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        global().responseTime().percentile(99.0).lt(P99_MAX_MS));
    }
}
