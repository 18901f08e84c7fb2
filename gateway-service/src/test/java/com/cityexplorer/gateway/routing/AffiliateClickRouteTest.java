package com.cityexplorer.gateway.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.cityexplorer.test.PlatformInfrastructureInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Click redirects have a route of their own (application.yml, {@code affiliate-clicks}), so their circuit
 * breaker is their own: while affiliate-service answers everything that needs its database with 503 (the
 * database is down) and the {@code affiliate-api} circuit opens, clicks, which it still answers, keep
 * reaching it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "city-explorer.discovery.registry.enabled=false",
    "city-explorer.gateway.services=affiliate",
    "city-explorer.gateway.circuit-breaker.window=10",
    "city-explorer.gateway.circuit-breaker.minimum-calls=10",
    "city-explorer.gateway.circuit-breaker.wait-in-open-state=30s",
    "city-explorer.gateway.rate-limits.tiers.anonymous.replenish-per-second=10000",
    "city-explorer.gateway.rate-limits.tiers.anonymous.burst=10000",
})
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class AffiliateClickRouteTest {

    static final UpstreamStub AFFILIATE = new UpstreamStub("affiliate-service");
    static final String CLICK = "/api/v1/affiliate/offers/0b9e1f4c-4f34-4a44-9d5e-8c3f8f1f4a10/click";

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.affiliate-service[0].uri", AFFILIATE::uri);
    }

    @AfterAll
    static void stop() {
        AFFILIATE.close();
    }

    @Test
    void clicksStillReachTheServiceWhileTheRestOfItsApiHasItsCircuitOpen() throws Exception {
        AFFILIATE.respond("GET", "/api/v1/affiliate/reports", 503);
        AFFILIATE.respond("GET", CLICK, 302);
        // Once the load balancer has checked the instance.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get(CLICK).statusCode()).isEqualTo(302));

        HttpResponse<String> report = null;
        for (int i = 0; i < 40 && !circuitOpen(report); i++) {
            report = get("/api/v1/affiliate/reports");
            assertThat(report.statusCode()).isEqualTo(503);
        }
        assertThat(circuitOpen(report)).as("the affiliate-api circuit opened").isTrue();
        int reportsReceived = countReports();
        assertThat(get("/api/v1/affiliate/reports").statusCode()).isEqualTo(503);
        assertThat(countReports()).as("no report request reaches the service while its circuit is open").isEqualTo(reportsReceived);

        long clicksBefore = AFFILIATE.received().stream().filter(received -> received.path().equals(CLICK)).count();
        for (int i = 0; i < 5; i++) {
            assertThat(get(CLICK).statusCode()).isEqualTo(302);
        }
        assertThat(AFFILIATE.received().stream().filter(received -> received.path().equals(CLICK)).count()).isEqualTo(clicksBefore + 5);
    }

    /** The gateway's fallback (circuit open) says when to retry: the breaker's wait in the open state. */
    private static boolean circuitOpen(HttpResponse<String> response) {
        return response != null && response.headers().firstValue("Retry-After").orElse("").equals("30");
    }

    private int countReports() {
        return (int) AFFILIATE.received().stream().filter(received -> received.path().equals("/api/v1/affiliate/reports")).count();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
