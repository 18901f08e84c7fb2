package com.cityexplorer.load;

import java.time.Duration;
import java.util.UUID;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rendezVous;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What authentication costs at the gateway: the same GET, anonymous and with a bearer token, at a fixed
 * number of concurrent connections (closed model: each virtual user is one connection sending its next
 * request as soon as the last one is answered, so the request count measures throughput).
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.AuthenticatedGetOverheadSimulation \
 *     [-Dgateway.url=http://localhost:8080] [-Dconnections=64] [-Dphase.seconds=20] [-Dphases=4] [-Dpath=/services/user/health/liveness]
 * </pre>
 *
 * Each virtual user signs up and signs in (its own session), waits for the others, then runs the phases
 * alternately anonymous and authenticated (A B A B ...), all users in step, so both variants see the same
 * machine. Equal phase lengths make the ratio of request counts ("anonymous GET" against "authenticated
 * GET" in the report) the ratio of throughputs. The token is a real session: the gateway checks it in Redis
 * (cached under a second) and signs an identity token that the service verifies.
 */
public class AuthenticatedGetOverheadSimulation extends Simulation {

    private static final String GATEWAY_URL = Loopback.only(System.getProperty("gateway.url", "http://localhost:8080"));
    private static final int CONNECTIONS = Integer.getInteger("connections", 64);
    private static final int PHASE_SECONDS = Integer.getInteger("phase.seconds", 20);
    private static final int PHASES = Integer.getInteger("phases", 4);
    private static final String PATH = System.getProperty("path", "/services/user/health/liveness");
    private static final int SETUP_SECONDS = Integer.getInteger("setup.seconds", 15);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final HttpProtocolBuilder httpProtocol = http
            .baseUrl(GATEWAY_URL)
            .warmUp(GATEWAY_URL + "/actuator/health")
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    // Password hashing is bounded by design (a 503 asks to retry), so sign-ups are spread out and retried.
    private final ChainBuilder signUpAndSignIn = exec(session -> session.set("email",
                    "bench-" + RUN + "-" + session.userId() + "@example.com"))
            .tryMax(10).on(exec(http("sign up").post("/api/v1/users")
                    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"benchmark passphrase\"}"))
                    .check(status().in(201, 409), status().is(201))).pause(Duration.ofMillis(200)))
            .tryMax(10).on(exec(http("sign in").post("/api/v1/sessions")
                    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"benchmark passphrase\"}"))
                    .check(status().is(201), jsonPath("$.token").saveAs("token"))).pause(Duration.ofMillis(200)))
            .exitHereIfFailed();

    private ChainBuilder phase(int index) {
        boolean authenticated = index % 2 == 1;
        var request = http(authenticated ? "authenticated GET" : "anonymous GET").get(PATH).check(status().is(200));
        return exec(during(Duration.ofSeconds(PHASE_SECONDS)).on(exec(
                authenticated ? request.header("Authorization", "Bearer #{token}") : request)));
    }

    private final ScenarioBuilder scenario;

    {
        ChainBuilder phases = exec(rendezVous(CONNECTIONS));
        for (int i = 0; i < PHASES; i++) {
            phases = phases.exec(phase(i));
        }
        scenario = scenario("Same GET, anonymous and authenticated").exec(signUpAndSignIn).exec(phases);
        setUp(scenario.injectOpen(rampUsers(CONNECTIONS).during(Duration.ofSeconds(SETUP_SECONDS))))
                .protocols(httpProtocol)
                .maxDuration(Duration.ofSeconds(120 + (long) PHASES * PHASE_SECONDS))
                .assertions(global().failedRequests().percent().lt(1.0));
        // Sign-ups retried after a 503 count as failed requests; the GETs are what is measured.
    }
}
