package com.cityexplorer.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every business service must do from its first day, whatever it implements: start against real
 * infrastructure, use its own database, report readiness from its real dependencies, expose metrics with
 * latency percentiles and an OpenAPI document, and answer errors as problem+json with a request id.
 * Each service runs it by extending this class in its own package.
 */
@PlatformIntegrationTest
public abstract class ServiceStartupContract {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${spring.application.name}")
    String applicationName;

    @Autowired
    MongoTemplate mongoTemplate;

    @Autowired
    MongoClient mongoClient;

    @Test
    void usesADatabaseNamedAfterTheService() {
        assertThat(mongoTemplate.getDb().getName()).isEqualTo(applicationName).endsWith("-service");
    }

    /**
     * Whether the service's readiness includes MongoDB (the platform default). A service that answers its main
     * traffic without the database says false, and then it must still report MongoDB in its overall health.
     */
    protected boolean readinessFollowsMongo() {
        return true;
    }

    @Test
    void isLiveAndReadyWithItsDependenciesInReadiness() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", Map.of());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(readiness.body(), "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(readiness.body(), "$.components.redis.status")).isEqualTo("UP");
        if (readinessFollowsMongo()) {
            assertThat(JsonPath.<String>read(readiness.body(), "$.components.mongo.status")).isEqualTo("UP");
        }
        else {
            assertThat(JsonPath.<java.util.Map<String, Object>>read(readiness.body(), "$.components")).doesNotContainKey("mongo");
            assertThat(JsonPath.<String>read(get("/actuator/health", Map.of()).body(), "$.components.mongo.status")).isEqualTo("UP");
        }

        HttpResponse<String> liveness = get("/actuator/health/liveness", Map.of());
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(liveness.body(), "$.status")).isEqualTo("UP");
    }

    @Test
    void staysReadyWhenOtherServicesDatabasesExistOnTheSameServer() throws Exception {
        mongoClient.getDatabase("other-" + applicationName).getCollection("things").insertOne(new Document("_id", 1));

        HttpResponse<String> readiness = get("/actuator/health/readiness", Map.of());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        HttpResponse<String> withMongo = readinessFollowsMongo() ? readiness : get("/actuator/health", Map.of());
        assertThat(JsonPath.<String>read(withMongo.body(), "$.components.mongo.status")).isEqualTo("UP");
    }

    @Test
    void reportsKafkaInOverallHealth() throws Exception {
        HttpResponse<String> health = get("/actuator/health", Map.of());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.components.kafka.status")).isEqualTo("UP");
    }

    @Test
    void exposesPrometheusLatencyHistograms() throws Exception {
        get("/api/v1/no-such-thing", signedIn());
        // The timer is recorded once the response has been sent, so the next scrape may race with it.
        HttpResponse<String> metrics = Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> get("/actuator/prometheus", Map.of()),
                    response -> response.body().contains("http_server_requests_seconds_bucket"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        // A histogram (not client-side quantiles) so p50/p95/p99 aggregate across instances in Prometheus.
        assertThat(metrics.body())
            .containsPattern("http_server_requests_seconds_bucket\\{[^}]*application=\"" + applicationName
                    + "\"[^}]*status=\"404\"[^}]*le=\"0\\.1\"")
            .contains("le=\"+Inf\"");
    }

    @Test
    void answersUnknownPathsWithProblemJsonAndEchoesTheRequestId() throws Exception {
        HttpResponse<String> response = get("/api/v1/no-such-thing",
                Map.of("X-Request-Id", "test-123", "Authorization", TestIdentity.bearer(applicationName, "user-1", "USER")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("test-123");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(404);
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/api/v1/no-such-thing");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
    }

    @Test
    void trustsOnlyIdentityTheGatewaySignedForThisService() throws Exception {
        String path = "/api/v1/no-such-thing";
        Map<String, Map<String, String>> untrusted = Map.of(
                "no identity", Map.of(),
                "made-up identity headers", Map.of("X-User-Id", "admin-1", "X-User-Roles", "ADMIN", "X-Roles", "ADMIN"),
                "a token signed with another key", Map.of("Authorization", TestIdentity.forgedBearer(applicationName, "admin-1", "ADMIN")),
                "a token for another service", Map.of("Authorization", TestIdentity.bearer("other-service", "admin-1", "ADMIN")),
                "an expired token", Map.of("Authorization", TestIdentity.expiredBearer(applicationName, "user-1", Duration.ofMinutes(2))),
                "a session token instead of an identity token", Map.of("Authorization", "Bearer " + "a".repeat(43)));
        for (var attempt : untrusted.entrySet()) {
            HttpResponse<String> response = get(path, attempt.getValue());
            assertThat(response.statusCode()).as(attempt.getKey()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(attempt.getKey())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(401);
        }
        assertThat(get(path, signedIn()).statusCode()).as("a token the gateway signed for this service").isEqualTo(404);
    }

    @Test
    void keepsDeadLettersForAdministrators() throws Exception {
        assertThat(get("/actuator/deadletters", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/deadletters", signedIn()).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/deadletters",
                Map.of("Authorization", TestIdentity.bearer(applicationName, "admin-1", "ADMIN"))).statusCode()).isEqualTo(200);
    }

    protected Map<String, String> signedIn() {
        return Map.of("Authorization", TestIdentity.bearer(applicationName, "user-1", "USER"));
    }

    @Test
    void replacesAnUnsafeRequestIdWithAFreshOne() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness", Map.of("X-Request-Id", "bad id\twith spaces"));
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).isNotEqualTo("bad id\twith spaces").matches("[0-9a-f-]{36}"));
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs", Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(docs.body(), "$.info.title")).contains(applicationName);
        assertThat(JsonPath.<String>read(docs.body(), "$.servers[0].url")).isEqualTo("/");
    }

    /**
     * Gateways balance request by request and keep their connections to an instance: it must not close one after a
     * number of requests (Tomcat's default closes it after 100, and a busy gateway reconnected every 100 requests).
     */
    @Test
    void keepsAConnectionOpenForAsManyRequestsAsItsCallerSends() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            for (int request = 1; request <= 250; request++) {
                connection.send(RawHttpConnection.get("/actuator/health/liveness"));
                String response = connection.readResponse();
                assertThat(response).as("request %d", request).startsWith("HTTP/1.1 200");
                assertThat(RawHttpConnection.closesConnection(response)).as("request %d's answer closes the connection", request)
                    .isFalse();
            }
        }
    }

    protected HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
