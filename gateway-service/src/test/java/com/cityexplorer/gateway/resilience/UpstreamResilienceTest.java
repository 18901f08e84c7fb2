package com.cityexplorer.gateway.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.AdaptCachedBodyGlobalFilter;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries and circuit breakers against real HTTP instances: a safe request that one instance fails is
 * answered by another; a POST is sent once, whatever the answer; a route whose only instance keeps
 * failing opens its circuit, and the gateway then answers 503 with Retry-After without calling it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.cloud.gateway.server.webflux.routes[0].id=flaky",
    "spring.cloud.gateway.server.webflux.routes[0].uri=lb://flaky-service",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/flaky/**",
    "spring.cloud.gateway.server.webflux.routes[1].id=broken",
    "spring.cloud.gateway.server.webflux.routes[1].uri=lb://broken-service",
    "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/broken/**",
    "spring.cloud.gateway.server.webflux.routes[3].id=dropping",
    "spring.cloud.gateway.server.webflux.routes[3].uri=lb://dropping-service",
    "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/dropping/**",
    // Ejection would take the dropping instance out after a few failures; here every request must meet it.
    "city-explorer.gateway.balancing.outlier.consecutive-failures=1000",
    "spring.cloud.gateway.server.webflux.routes[4].id=slow",
    "spring.cloud.gateway.server.webflux.routes[4].uri=lb://slow-service",
    "spring.cloud.gateway.server.webflux.routes[4].predicates[0]=Path=/slow/**",
    // The same slow instance behind a route that waits 100 ms for an answer.
    "spring.cloud.gateway.server.webflux.routes[5].id=impatient",
    "spring.cloud.gateway.server.webflux.routes[5].uri=lb://slow-service",
    "spring.cloud.gateway.server.webflux.routes[5].predicates[0]=Path=/impatient/**",
    "spring.cloud.gateway.server.webflux.routes[5].metadata.response-timeout=100",
    "spring.cloud.gateway.server.webflux.routes[2].id=flaky-writes",
    "spring.cloud.gateway.server.webflux.routes[2].uri=lb://flaky-service",
    "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/flaky-writes/**",
    // Half of this test's requests fail at first: more than the default budget allows in a burst.
    "city-explorer.gateway.retries.budget.min-per-second=50",
    "city-explorer.gateway.circuit-breaker.window=30",
    "city-explorer.gateway.circuit-breaker.minimum-calls=30",
    "city-explorer.gateway.circuit-breaker.wait-in-open-state=30s",
})
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class UpstreamResilienceTest {

    static final UpstreamStub SICK = new UpstreamStub("flaky-service");
    static final UpstreamStub HEALTHY = new UpstreamStub("flaky-service");
    static final UpstreamStub BROKEN = new UpstreamStub("broken-service");
    static final ConnectionDroppingUpstream DROPPING = new ConnectionDroppingUpstream();
    static final UpstreamStub STEADY = new UpstreamStub("dropping-service");
    static final com.sun.net.httpserver.HttpServer SLOW = slowUpstream();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.flaky-service[0].uri", SICK::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.flaky-service[1].uri", HEALTHY::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.broken-service[0].uri", BROKEN::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.dropping-service[0].uri", DROPPING::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.dropping-service[1].uri", STEADY::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.slow-service[0].uri",
                () -> "http://127.0.0.1:" + SLOW.getAddress().getPort());
    }

    @AfterAll
    static void stopUpstreams() throws Exception {
        List.of(SICK, HEALTHY, BROKEN, STEADY).forEach(UpstreamStub::close);
        DROPPING.close();
        SLOW.stop(0);
    }

    /** Answers after 300 ms, any number of requests at a time. */
    static com.sun.net.httpserver.HttpServer slowUpstream() {
        try {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                if (!exchange.getRequestURI().getPath().contains("health")) {
                    try {
                        Thread.sleep(300); // a slow service, not a wait in the test
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void waitUntilBothFlakyInstancesAreAdmitted() {
        SICK.respond("GET", "/flaky/item", 503);
        SICK.respond("POST", "/flaky-writes/item", 503);
        BROKEN.respond("GET", "/broken/item", 503);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            SICK.received().clear();
            HEALTHY.received().clear();
            for (int i = 0; i < 4; i++) {
                send("GET", "/flaky/other");
            }
            return !SICK.received().isEmpty() && !HEALTHY.received().isEmpty();
        });
        SICK.received().clear();
        HEALTHY.received().clear();
    }

    @Test
    void aSafeRequestThatOneInstanceFailsIsAnsweredByAnother() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = send("GET", "/flaky/item");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(HEALTHY.received()).hasSize(20);
        assertThat(SICK.received()).as("requests the sick instance failed, then retried elsewhere").isNotEmpty();
    }

    @Test
    void aSafeRequestWhoseConnectionWasDroppedIsAnsweredByAnotherInstanceButAPostIsNot() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", "/dropping/warm-up").statusCode() == 200
                && send("GET", "/dropping/warm-up").statusCode() == 200 && !DROPPING.dropped().isEmpty());
        DROPPING.dropped().clear();
        STEADY.received().clear();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send("GET", "/dropping/item");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(DROPPING.dropped()).as("GETs the dropping instance lost, then retried elsewhere").isNotEmpty();

        int failedPosts = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send("POST", "/dropping/item");
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).isEqualTo(502);
                failedPosts++;
            }
        }
        long postsDropped = DROPPING.dropped().stream().filter(line -> line.startsWith("POST")).count();
        long postsServed = STEADY.received().stream().filter(received -> received.method().equals("POST")).count();
        assertThat(postsDropped + postsServed).as("each POST sent once").isEqualTo(10);
        assertThat(failedPosts).isEqualTo((int) postsDropped).isPositive();
    }

    @Test
    void aPostIsSentOnceWhateverItsAnswer() throws Exception {
        int failed = 0;
        for (int i = 0; i < 20; i++) {
            if (send("POST", "/flaky-writes/item").statusCode() != 200) {
                failed++;
            }
        }
        assertThat(SICK.received().size() + HEALTHY.received().size()).isEqualTo(20);
        assertThat(failed).isEqualTo(SICK.received().size()).isPositive();
    }

    @Test
    void aRouteWhoseServiceKeepsFailingOpensItsCircuit() throws Exception {
        HttpResponse<String> response = null;
        for (int i = 0; i < 60; i++) {
            response = send("GET", "/broken/item");
            if (response.headers().firstValue("Retry-After").orElse("").equals("30")) {
                break;
            }
            assertThat(response.statusCode()).isEqualTo(503);
        }
        assertThat(response.headers().firstValue("Retry-After")).as("circuit open after repeated failures").hasValue("30");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(503);

        int calledBefore = BROKEN.received().size();
        for (int i = 0; i < 10; i++) {
            assertThat(send("GET", "/broken/item").statusCode()).isEqualTo(503);
        }
        assertThat(BROKEN.received()).as("no calls while the circuit is open").hasSize(calledBefore);
        assertThat(send("GET", "/flaky/item").statusCode()).as("other routes are unaffected").isEqualTo(200);
    }

    @Test
    void manyConcurrentRequestsOnOneRouteAreNotCappedByTheGateway() {
        await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", "/slow/item").statusCode() == 200);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow/item"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(inFlight).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
    }

    @Test
    void anAnswerSlowerThanTheRoutesResponseTimeoutIs504ProblemJson() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", "/slow/item").statusCode() == 200);
        HttpResponse<String> response = send("GET", "/impatient/item");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(504);
        assertThat(send("GET", "/slow/item").statusCode()).as("the route without the short timeout waits").isEqualTo(200);
    }

    @Autowired
    List<GlobalFilter> globalFilters;

    @Test
    void requestBodiesAreKeptByOneFilterThatSkipsRequestsWithoutOne() {
        // Spring's own would otherwise run as well, and read every GET's empty body before it goes on.
        assertThat(globalFilters).filteredOn(AdaptCachedBodyGlobalFilter.class::isInstance)
            .singleElement().isInstanceOf(RequestBodyCaching.class);
    }

    @Test
    void theFallbackIsNotAnEndpointOfItsOwn() throws Exception {
        assertThat(send("GET", "/fallback/upstream").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
