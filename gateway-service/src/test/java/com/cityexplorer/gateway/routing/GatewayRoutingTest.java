package com.cityexplorer.gateway.routing;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.cityexplorer.gateway.routing.ApiContract.Endpoint;
import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.cityexplorer.test.RawHttpConnection;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against one stand-in instance per service: every endpoint of the API contract reaches
 * the service that owns it, with the request id and W3C trace context; a service whose only instance
 * is down answers 503 problem+json at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class GatewayRoutingTest {

    static final List<String> LIVE = List.of("user", "city", "place", "review", "affiliate", "itinerary");
    static final Map<String, UpstreamStub> UPSTREAMS = new LinkedHashMap<>();
    static final String DOWN_SERVICE = "down-service";
    static final int CLOSED_PORT = FreePorts.find();

    static {
        LIVE.forEach(name -> UPSTREAMS.put(name + "-service", new UpstreamStub(name + "-service")));
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        UPSTREAMS.forEach((serviceId, stub) ->
            registry.add("spring.cloud.discovery.client.simple.instances." + serviceId + "[0].uri", stub::uri));
        registry.add("spring.cloud.discovery.client.simple.instances." + DOWN_SERVICE + "[0].uri",
                () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("city-explorer.gateway.services", () -> "user,city,place,itinerary,review,affiliate,down");
    }

    @AfterAll
    static void stopUpstreams() {
        UPSTREAMS.values().forEach(UpstreamStub::close);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void waitForHealthChecksToAdmitEveryInstance() {
        for (String service : LIVE) {
            await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> readiness = send("GET", "/services/" + service + "/health/readiness", Map.of());
                assertThat(readiness.statusCode()).as(service + " readiness: " + readiness.body()).isEqualTo(200);
            });
        }
        UPSTREAMS.values().forEach(stub -> stub.received().clear());
    }

    static Stream<Endpoint> contractEndpoints() throws Exception {
        List<Endpoint> endpoints = ApiContract.endpoints();
        assertThat(endpoints).as("endpoints read from the API contract").hasSizeGreaterThan(25);
        return endpoints.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractEndpoints")
    void routesEveryContractEndpointToItsOwningService(Endpoint endpoint) throws Exception {
        HttpResponse<String> response = send(endpoint.method(), endpoint.concretePath() + "?page=0",
                Map.of("X-Request-Id", "route-check-1"));

        assertThat(response.statusCode()).as(endpoint + " answered " + response.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo(endpoint.serviceId());
        UpstreamStub.Received received = UPSTREAMS.get(endpoint.serviceId()).received().getFirst();
        assertThat(received.method()).isEqualTo(endpoint.method());
        assertThat(received.path()).isEqualTo(endpoint.concretePath());
        assertThat(received.query()).isEqualTo("page=0");
        assertThat(received.requestId()).isEqualTo("route-check-1");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("route-check-1");
    }

    @Test
    void propagatesTheW3cTraceContextAndAddsARequestId() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = send("GET", "/api/v1/cities",
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        UpstreamStub.Received received = UPSTREAMS.get("city-service").received().getFirst();
        assertThat(received.traceparent()).startsWith("00-" + traceId + "-");
        assertThat(received.requestId()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void forwardsNeitherHopByHopNorForwardedHeadersAClientSends() throws Exception {
        // Over a plain socket: Java's HTTP client will not send Connection or Keep-Alive headers of one's choosing.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /api/v1/cities HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close, X-Hop-Custom\r\nX-Hop-Custom: secret\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Authorization: Basic YTpi\r\nForwarded: for=203.0.113.9\r\nX-Forwarded-For: 203.0.113.9\r\n"
                    + "X-Forwarded-Host: evil.example\r\nX-Custom: kept\r\nUser-Agent: raw-socket\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200");
        }

        UpstreamStub.Received received = UPSTREAMS.get("city-service").received().getFirst();
        assertThat(received.header("X-Custom")).isEqualTo("kept");
        // The client's own, in place of the HTTP client's defaults rather than besides them.
        assertThat(values(received, "User-Agent")).containsExactly("raw-socket");
        assertThat(values(received, "Accept")).containsExactly("application/json");
        for (String name : List.of("X-Hop-Custom", "Keep-Alive", "Proxy-Authorization", "Forwarded", "X-Forwarded-For",
                "X-Forwarded-Host")) {
            assertThat(received.header(name)).as(name + " in " + received.headers()).isNull();
        }
    }

    @Test
    void keepsReadingAKeepAliveConnectionAfterAQueuedRequestIsAnsweredWithoutGoingUpstream() throws Exception {
        // A request that arrives while the one before it is still being answered (a proxied answer is written from
        // the upstream connection's thread) is queued by reactor-netty. If the gateway then answers it at once (a
        // 404 here; an open circuit's 503, a 429), reactor-netty up to 1.3.7 stopped reading the connection and the
        // request after it waited until the client gave up (reactor/reactor-netty#4361). Sent in one write, the
        // first two requests meet that case every time.
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            connection.send(RawHttpConnection.get("/api/v1/cities") + RawHttpConnection.get("/api/v1/nothing-here"));
            assertThat(connection.readResponse()).startsWith("HTTP/1.1 200");
            assertThat(connection.readResponse()).startsWith("HTTP/1.1 404");

            connection.send(RawHttpConnection.get("/api/v1/cities?after=queued"));
            assertThat(connection.readResponse()).as("the request after the queued one").startsWith("HTTP/1.1 200");
        }
        assertThat(UPSTREAMS.get("city-service").received()).extracting(UpstreamStub.Received::query)
            .containsExactly(null, "after=queued");
    }

    @Autowired
    reactor.netty.http.client.HttpClient upstreamClient;

    @Test
    void proxiesOverConnectionsPooledPerEventLoop() throws Exception {
        assertThat(send("GET", "/api/v1/cities", Map.of()).statusCode()).isEqualTo(200);

        assertThat(upstreamClient.configuration().connectionProvider()).isInstanceOfSatisfying(EventLoopConnectionPools.class,
                pools -> assertThat(pools.pools()).as("pools of event loops that proxied a request").isPositive());
    }

    @Autowired
    HttpClientProperties httpClientProperties;

    /**
     * An idle upstream connection is closed here before the service's keep-alive timeout closes it there: a request
     * written on a connection the service is closing fails, and a POST is not retried.
     */
    @Test
    void closesIdleUpstreamConnectionsBeforeTheServicesDo() throws Exception {
        Properties platformDefaults = PropertiesLoaderUtils.loadProperties(
                new ClassPathResource("META-INF/city-explorer/platform-defaults.properties"));
        Duration servicesKeepAlive = DurationStyle.detectAndParse(platformDefaults.getProperty("server.tomcat.keep-alive-timeout"));

        assertThat(httpClientProperties.getPool().getMaxIdleTime()).isNotNull().isPositive().isLessThan(servicesKeepAlive);
    }

    @Test
    void routesEachServicesDocsAndHealthButNotItsOtherActuatorEndpoints() throws Exception {
        assertThat(send("GET", "/v3/api-docs/place", Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v3/api-docs/place-service", Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/services/place/health", Map.of()).statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get("place-service").received()).extracting(UpstreamStub.Received::path)
            .containsExactly("/v3/api-docs", "/v3/api-docs", "/actuator/health");

        HttpResponse<String> prometheus = send("GET", "/services/place/actuator/prometheus", Map.of());
        assertThat(prometheus.statusCode()).isEqualTo(404);
        assertThat(UPSTREAMS.get("place-service").received()).hasSize(3);
    }

    @Test
    void answersUnknownPathsWithProblemJson() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/nothing-here", Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(404);
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void answers503ProblemWithRetryAfterAtOnceWhenNoInstanceOfTheServiceIsUp() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send("GET", "/services/down/health", Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).as(response.headers().map() + " " + response.body()).hasValue("5");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(503);
        assertThat(JsonPath.<String>read(response.body(), "$.requestId"))
            .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("127.0.0.1");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void isHealthyAndServesOneSwaggerUiForAllServices() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health", Map.of());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");

        HttpResponse<String> config = send("GET", "/v3/api-docs/swagger-config", Map.of());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(config.body(), "$.urls[*].url"))
            .contains("/v3/api-docs/user", "/v3/api-docs/place", "/v3/api-docs/affiliate");
        assertThat(send("GET", "/swagger-ui.html", Map.of()).statusCode()).isIn(200, 302);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> values(UpstreamStub.Received received, String name) {
        return received.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
            .flatMap(entry -> entry.getValue().stream()).toList();
    }
}
