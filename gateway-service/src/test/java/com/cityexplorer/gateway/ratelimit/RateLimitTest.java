package com.cityexplorer.gateway.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's rate limits against the real Redis, with small anonymous and USER tiers (refilling one
 * token a second) and application.yml's PARTNER and ADMIN tiers: a client that uses up its burst gets 429
 * problem+json with Retry-After and the request never reaches the service; a signed-in user is limited
 * per user at their tier; health and docs routes are not limited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "city-explorer.gateway.rate-limits.tiers.anonymous.replenish-per-second=1",
    "city-explorer.gateway.rate-limits.tiers.anonymous.burst=5",
    "city-explorer.gateway.rate-limits.tiers.USER.replenish-per-second=1",
    "city-explorer.gateway.rate-limits.tiers.USER.burst=12" })
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class RateLimitTest {

    static final UpstreamStub CITIES = new UpstreamStub("city-service");

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.city-service[0].uri", CITIES::uri);
        registry.add("city-explorer.gateway.services", () -> "city");
    }

    @AfterAll
    static void stopUpstream() {
        CITIES.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void waitForTheUpstream() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(get("/services/city/health/readiness", Map.of()).statusCode()).isEqualTo(200));
        TestSessions.clearBuckets(redis);
        CITIES.received().clear();
    }

    @AfterEach
    void clearBuckets() {
        TestSessions.clearBuckets(redis);
    }

    @Test
    void anAnonymousClientThatUsesUpItsBurstGets429ProblemWithRetryAfterAndTheServiceIsSpared() throws Exception {
        long started = System.nanoTime();
        List<HttpResponse<String>> allowed = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            HttpResponse<String> response = get("/api/v1/cities", Map.of());
            if (response.statusCode() == 429) {
                limited = response;
            }
            else {
                assertThat(response.statusCode()).isEqualTo(200);
                allowed.add(response);
            }
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(limited).as("a 429 within 30 requests").isNotNull();
        // The burst, plus at most one token per second that passed (the bucket refills at 1/s).
        assertThat(allowed).hasSizeBetween(5, 5 + (int) elapsedSeconds + 1);
        HttpResponse<String> first = allowed.getFirst();
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("5");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("4");
        assertThat(first.headers().firstValue("RateLimit-Reset")).hasValueSatisfying(
                reset -> assertThat(Long.parseLong(reset)).isBetween(1L, 5L));
        assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("1;w=1;burst=5;comment=\"anonymous\"");
        // Fewer and fewer remain (give or take a token refilled while the requests went out).
        assertThat(Long.parseLong(allowed.getLast().headers().firstValue("RateLimit-Remaining").orElseThrow())).isLessThan(4L);

        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(limited.body(), "$.status")).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(limited.headers().firstValue("RateLimit-Limit")).hasValue("5");
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(CITIES.received()).as("only the allowed requests reached the service").hasSize(allowed.size());
    }

    @Test
    void aSignedInUserIsLimitedPerUserAtTheLargestTierOfTheirRoles() throws Exception {
        String user = TestSessions.create(redis, "user-" + UUID.randomUUID(), "USER");
        String partner = TestSessions.create(redis, "partner-" + UUID.randomUUID(), "USER,PARTNER");
        String admin = TestSessions.create(redis, "admin-" + UUID.randomUUID(), "ADMIN");
        String unknownRole = TestSessions.create(redis, "other-" + UUID.randomUUID(), "AUDITOR");

        HttpResponse<String> asUser = get("/api/v1/cities", Map.of("Authorization", "Bearer " + user));
        assertThat(asUser.statusCode()).isEqualTo(200);
        assertThat(asUser.headers().firstValue("RateLimit-Limit")).hasValue("12");
        assertThat(asUser.headers().firstValue("RateLimit-Remaining")).hasValue("11");
        // The configured tiers of application.yml: PARTNER's is larger than USER's, ADMIN's is PARTNER's size.
        assertThat(get("/api/v1/cities", Map.of("Authorization", "Bearer " + partner)).headers().firstValue("RateLimit-Limit"))
            .hasValue("400");
        assertThat(get("/api/v1/cities", Map.of("Authorization", "Bearer " + admin)).headers().firstValue("RateLimit-Limit"))
            .hasValue("400");
        // Signed in with no role of a tier: USER's, never less.
        assertThat(get("/api/v1/cities", Map.of("Authorization", "Bearer " + unknownRole)).headers().firstValue("RateLimit-Limit"))
            .hasValue("12");

        // The user's burst (12) is more than an anonymous client's (5), and counted per user, not per address.
        long started = System.nanoTime();
        int allowed = 1;
        HttpResponse<String> response;
        while ((response = get("/api/v1/cities", Map.of("Authorization", "Bearer " + user))).statusCode() == 200 && allowed < 40) {
            allowed++;
        }
        assertThat(response.statusCode()).isEqualTo(429);
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(allowed).isBetween(12, 12 + (int) elapsedSeconds + 1);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/api/v1/cities", Map.of()).statusCode()).as("the anonymous bucket of the same address").isEqualTo(200);
    }

    @Test
    void healthAndDocsRoutesAreNotLimited() throws Exception {
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> health = get("/services/city/health", Map.of());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("RateLimit-Limit")).isEmpty();
        }
        assertThat(get("/v3/api-docs/city", Map.of()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
