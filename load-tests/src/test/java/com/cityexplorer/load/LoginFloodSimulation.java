package com.cityexplorer.load;

import java.time.Duration;
import java.util.UUID;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A login flood next to ordinary traffic. Readers (a closed population of {@code readers} connections)
 * GET a cheap route through the gateway for three phases: quiet, during a flood of correct logins
 * ({@code logins.per.sec}, open model, far more than the password hash allows), and quiet again. The
 * report's "read (quiet)" and "read (during flood)" counts and percentiles show whether the flood starved
 * them; "login" OK is the login throughput (201), its KO the logins turned away with 503 and Retry-After by
 * the hashing bulkhead, which is the designed answer to a flood, not a failure.
 *
 * <pre>
 * ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=com.cityexplorer.load.LoginFloodSimulation \
 *     [-Dreaders=16] [-Dlogins.per.sec=100] [-Dphase.seconds=20]
 * </pre>
 */
public class LoginFloodSimulation extends Simulation {

    private static final String GATEWAY_URL = Loopback.only(System.getProperty("gateway.url", "http://localhost:8080"));
    private static final int READERS = Integer.getInteger("readers", 16);
    private static final double LOGINS_PER_SEC = Double.parseDouble(System.getProperty("logins.per.sec", "100"));
    private static final int PHASE_SECONDS = Integer.getInteger("phase.seconds", 20);
    private static final String READ_PATH = System.getProperty("path", "/services/city/health/liveness");
    private static final String EMAIL = "flood-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    private static final String PASSWORD = "benchmark passphrase";

    private final HttpProtocolBuilder httpProtocol = http
            .baseUrl(GATEWAY_URL)
            .warmUp(GATEWAY_URL + "/actuator/health")
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private static ChainBuilder read(String phase) {
        return exec(during(Duration.ofSeconds(PHASE_SECONDS)).on(
                exec(http("read (" + phase + ")").get(READ_PATH).check(status().is(200)))));
    }

    private final ScenarioBuilder signUp = scenario("Sign up the flooding account")
            .exec(http("sign up").post("/api/v1/users")
                    .body(StringBody("{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}"))
                    .check(status().is(201)));

    private final ScenarioBuilder readers = scenario("Readers")
            .exec(read("quiet"), read("during flood"), read("quiet after"));

    private final ScenarioBuilder flood = scenario("Login flood")
            .exec(http("login").post("/api/v1/sessions")
                    .body(StringBody("{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}"))
                    // OK = signed in (201). A 503 (turned away by the hashing bulkhead, with Retry-After) is the
                    // designed answer to a flood, but shows as KO so the report counts the logins that got through.
                    .check(status().is(201)));

    {
        setUp(
                signUp.injectOpen(atOnceUsers(1)).andThen(
                        readers.injectOpen(atOnceUsers(READERS)),
                        flood.injectOpen(nothingFor(Duration.ofSeconds(PHASE_SECONDS)),
                                constantUsersPerSec(LOGINS_PER_SEC).during(Duration.ofSeconds(PHASE_SECONDS)))))
                .protocols(httpProtocol)
                .maxDuration(Duration.ofSeconds(60 + 3L * PHASE_SECONDS));
    }
}
