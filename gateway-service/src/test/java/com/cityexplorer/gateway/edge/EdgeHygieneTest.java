package com.cityexplorer.gateway.edge;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's edge hygiene with the routes and CORS settings of application.yml: per-route body
 * limits (declared and chunked), CORS preflights answered at the edge, security headers on routed and
 * error responses alike, and one access-log line per request with its request and trace ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class EdgeHygieneTest {

    static final BodyReadingUpstream USERS = new BodyReadingUpstream();
    static final UpstreamStub CITIES = new UpstreamStub("city-service");
    static final UpstreamStub PLACES = new UpstreamStub("place-service");

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", USERS::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.city-service[0].uri", CITIES::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.place-service[0].uri", PLACES::uri);
        registry.add("city-explorer.gateway.services", () -> "user,city,place");
    }

    @AfterAll
    static void stopUpstreams() {
        USERS.close();
        CITIES.close();
        PLACES.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void waitForTheUpstreams() {
        for (String service : new String[] { "user", "city", "place" }) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(send(request("/services/" + service + "/health/readiness").GET()).statusCode()).isEqualTo(200));
        }
        USERS.completeBodies().clear();
        CITIES.received().clear();
        PLACES.received().clear();
    }

    // --- Body limits ---

    @Test
    void refusesABodyOverItsRoutesLimitButNotOverAnotherRoutes() throws Exception {
        String twentyKb = json(20 * 1024);

        HttpResponse<String> users = send(request("/api/v1/users").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(twentyKb)));
        HttpResponse<String> places = send(request("/api/v1/places").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(twentyKb)));

        assertThat(users.statusCode()).as("user routes take at most 16KB").isEqualTo(413);
        assertThat(users.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(users.body(), "$.status")).isEqualTo(413);
        assertSecurityHeaders(users);
        assertThat(USERS.completeBodies()).isEmpty();
        assertThat(places.statusCode()).as("place routes take 256KB").isEqualTo(200);
    }

    @Test
    void cutsOffAChunkedBodyOverTheLimitWithoutLettingTheServiceHaveIt() throws Exception {
        byte[] sixtyFourKb = json(64 * 1024).getBytes();
        // A stream of unknown length: sent chunked, without Content-Length.
        HttpResponse<String> response = send(request("/api/v1/users").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(sixtyFourKb))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(USERS.completeBodies()).as("bodies the service received whole").isEmpty();

        byte[] small = "{\"displayName\":\"Ada\"}".getBytes();
        HttpResponse<String> fine = send(request("/api/v1/users").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))));
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(USERS.completeBodies()).containsExactly(small.length);
    }

    // --- CORS ---

    @Test
    void answersAPreflightFromAnAllowedOriginAtTheEdge() throws Exception {
        HttpResponse<String> preflight = send(request("/api/v1/cities")
            .header("Origin", "http://localhost:5173")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "Authorization, Content-Type, Idempotency-Key")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://localhost:5173");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST", "PATCH", "DELETE"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers.toLowerCase()).contains("authorization", "content-type", "idempotency-key"));
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
        assertThat(CITIES.received()).as("a preflight is never routed").isEmpty();
    }

    @Test
    void refusesAPreflightFromAnotherOrigin() throws Exception {
        HttpResponse<String> preflight = send(request("/api/v1/cities")
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(CITIES.received()).isEmpty();
        assertThat(preflight.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void exposesTheApiHeadersOnceToAnAllowedOrigin() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/cities").header("Origin", "http://localhost:3000").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://localhost:3000");
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(exposed ->
            assertThat(exposed).contains("ETag", "Location", "RateLimit-Remaining", "Retry-After", "X-Request-Id"));
    }

    // --- Security headers ---

    @Test
    void putsSecurityHeadersOnRoutedAndErrorResponses() throws Exception {
        HttpResponse<String> routed = send(request("/api/v1/cities").GET());
        HttpResponse<String> notFound = send(request("/api/v1/nothing-here").GET());
        HttpResponse<String> unauthorized = send(request("/api/v1/cities").header("Authorization", "Bearer nonsense").GET());

        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        for (HttpResponse<String> response : new HttpResponse[] { routed, notFound, unauthorized }) {
            assertSecurityHeaders(response);
            assertThat(response.headers().firstValue("Strict-Transport-Security")).as("plain HTTP").isEmpty();
        }
    }

    @Test
    void addsHstsBehindATlsTerminatingProxy() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/cities").header("X-Forwarded-Proto", "https").GET());

        assertThat(response.headers().allValues("Strict-Transport-Security")).containsExactly(SecurityHeaders.HSTS);
    }

    @Test
    void letsTheSwaggerUiLoadItsOwnScriptsAndStyles() throws Exception {
        HttpResponse<String> page = send(request("/webjars/swagger-ui/index.html").GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(SecurityHeaders.DOCS_POLICY);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    // --- Access log ---

    @Test
    void logsOneLinePerRequestWithItsRequestAndTraceIdsButNoCredentials(CapturedOutput output) throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = send(request("/api/v1/cities?page=2")
            .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
            .header("X-Request-Id", "access-log-1")
            .GET());
        send(request("/api/v1/places").header("Authorization", "Bearer secret-token-value").header("X-Request-Id", "access-log-2").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(output.getOut()).containsPattern(
                    "city-explorer\\.access\\s+: GET /api/v1/cities\\?page=2 200 \\d+ms \\d+B client=127\\.0\\.0\\.1 "
                    + "requestId=access-log-1 traceId=" + traceId + " spanId=[0-9a-f]{16}");
            assertThat(output.getOut()).containsPattern("city-explorer\\.access\\s+: GET /api/v1/places 401 .* requestId=access-log-2 ");
        });
        assertThat(output.getOut()).doesNotContain("secret-token-value");
        assertThat(output.getOut().lines().filter(line -> line.contains("requestId=access-log-1"))).hasSize(1);
    }

    @Test
    void theAccessLogCanBeSwitchedOff() {
        new ApplicationContextRunner().withUserConfiguration(AccessLog.class)
            .withPropertyValues("city-explorer.gateway.access-log.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(AccessLog.class));
        new ApplicationContextRunner().withUserConfiguration(AccessLog.class)
            .run(context -> assertThat(context).hasSingleBean(AccessLog.class));
    }

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        assertThat(response.headers().allValues("X-Content-Type-Options")).as("%s", response.uri()).containsExactly("nosniff");
        assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(response.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly(SecurityHeaders.API_POLICY);
    }

    private static String json(int size) {
        return "{\"displayName\":\"" + "x".repeat(size) + "\"}";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
