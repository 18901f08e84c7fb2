package com.cityexplorer.gateway.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.platform.security.session.SessionTokens;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
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
 * The gateway against a stand-in user-service and the real Redis: it exchanges a live session token
 * for a signed identity token, strips identities clients make up, refuses dead tokens, honours a
 * revocation within a second, and throttles failed logins per client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "city-explorer.gateway.identity.max-login-failures-per-client=3")
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class GatewayAuthenticationTest {

    static final UpstreamStub USERS = new UpstreamStub("user-service");

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", USERS::uri);
        registry.add("city-explorer.gateway.services", () -> "user");
    }

    @AfterAll
    static void stopUpstream() {
        USERS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void waitForTheUpstream() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(send("GET", "/services/user/health/readiness", Map.of()).statusCode()).isEqualTo(200));
        USERS.received().clear();
    }

    @Test
    void exchangesALiveSessionTokenForASignedIdentityForTheTargetService() throws Exception {
        String token = session("user-1", "USER,PARTNER");

        HttpResponse<String> response = send("GET", "/api/v1/users/me", Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
        String forwarded = USERS.received().getFirst().header("Authorization");
        assertThat(forwarded).startsWith("Bearer ").doesNotContain(token);
        SignedJWT jwt = SignedJWT.parse(forwarded.substring(7));
        assertThat(jwt.verify(new ECDSAVerifier(com.cityexplorer.platform.security.IdentityKeys.publicKey(TestIdentity.verificationKey()))))
            .isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("user-1");
        assertThat(claims.getAudience()).containsExactly("user-service");
        assertThat(claims.getIssuer()).isEqualTo("city-explorer-gateway");
        assertThat(claims.getStringListClaim("roles")).containsExactly("USER", "PARTNER");
        assertThat(claims.getStringClaim("sid")).isEqualTo(SessionTokens.sessionId(token));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
            .isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void forwardsASignedInRequestsOwnHeadersWithoutTheIdentitiesItMadeUpWhateverTheirCase() throws Exception {
        String token = session("user-2", "USER");

        HttpResponse<String> response = send("GET", "/api/v1/users/me", Map.of("authorization", "Bearer " + token,
                "x-user-id", "admin-1", "X-USER-ROLES", "ADMIN", "Accept-Language", "fr-CH", "X-Client-Version", "7.1"));

        assertThat(response.statusCode()).isEqualTo(200);
        UpstreamStub.Received received = USERS.received().getFirst();
        assertThat(received.header("X-User-Id")).isNull();
        assertThat(received.header("X-User-Roles")).isNull();
        assertThat(received.header("Accept-Language")).isEqualTo("fr-CH");
        assertThat(received.header("X-Client-Version")).isEqualTo("7.1");
        String forwarded = received.header("Authorization");
        assertThat(forwarded).startsWith("Bearer ").doesNotContain(token);
        assertThat(SignedJWT.parse(forwarded.substring(7)).getJWTClaimsSet().getSubject()).isEqualTo("user-2");
    }

    @Test
    void stripsIdentityAClientMadeUp() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/users/me",
                Map.of("X-User-Id", "admin-1", "X-User-Roles", "ADMIN", "X-Forwarded-User", "admin"));

        assertThat(response.statusCode()).isEqualTo(200);
        UpstreamStub.Received received = USERS.received().getFirst();
        assertThat(received.header("X-User-Id")).isNull();
        assertThat(received.header("X-User-Roles")).isNull();
        assertThat(received.header("X-Forwarded-User")).isNull();
        assertThat(received.header("Authorization")).isNull();
    }

    @Test
    void refusesTokensThatOpenNoSessionWithoutBotheringTheService() throws Exception {
        String signedForAService = TestIdentity.bearer("user-service", "admin-1", "ADMIN");
        for (String authorization : List.of("Bearer " + SessionTokens.newToken(), "Bearer not-a-token", "Basic YWRtaW46YWRtaW4=",
                signedForAService)) {
            HttpResponse<String> response = send("GET", "/api/v1/users/me", Map.of("Authorization", authorization));

            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(401);
        }
        assertThat(USERS.received()).isEmpty();
    }

    @Test
    void honoursARevocationWithinASecondEvenWithoutItsAnnouncement() throws Exception {
        String token = session("user-2", "USER");
        assertThat(send("GET", "/api/v1/users/me", Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);

        // Deleted as if the revocation message had been lost: only the local cache's lifetime stands in the way.
        redis.delete(SessionTokens.sessionKey(SessionTokens.sessionId(token)));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
            assertThat(send("GET", "/api/v1/users/me", Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(401));
    }

    @Test
    void forgetsARevokedSessionAtOnceWhenTheRevocationIsAnnounced() throws Exception {
        String token = session("user-3", "USER");
        assertThat(send("GET", "/api/v1/users/me", Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);

        String sessionId = SessionTokens.sessionId(token);
        redis.delete(SessionTokens.sessionKey(sessionId));
        redis.convertAndSend(SessionTokens.REVOCATIONS_CHANNEL, sessionId);

        await().atMost(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
            assertThat(send("GET", "/api/v1/users/me", Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(401));
    }

    @Test
    void aSignedOutTokenStopsWorkingOnTheNextRequestEvenBeforeTheRevocationIsAnnounced() throws Exception {
        for (String endingPath : List.of("/api/v1/sessions/current", "/api/v1/users/me")) {
            String token = session("user-5", "USER");
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
            assertThat(send("GET", "/api/v1/users/me", bearer).statusCode()).isEqualTo(200);

            // user-service's part (the stub answers 200): the session is gone from Redis; its announcement is late.
            redis.delete(SessionTokens.sessionKey(SessionTokens.sessionId(token)));
            assertThat(send("DELETE", endingPath, bearer).statusCode()).as(endingPath).isEqualTo(200);

            assertThat(send("GET", "/api/v1/users/me", bearer).statusCode()).as("right after DELETE " + endingPath).isEqualTo(401);
        }
    }

    @Test
    void throttlesFailedLoginsPerClientWithRetryAfter() throws Exception {
        redis.delete(redis.keys("ce:login-failures:client:*"));
        USERS.respond("POST", "/api/v1/sessions", 401);
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(send("POST", "/api/v1/sessions", Map.of()).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = send("POST", "/api/v1/sessions", Map.of());

            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15 * 60L));
            assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(USERS.received()).hasSize(3);
        }
        finally {
            USERS.respond("POST", "/api/v1/sessions", 201);
            redis.delete(redis.keys("ce:login-failures:client:*"));
        }
    }

    @Test
    void refusesAnOversizedBodyAtTheEdge() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(USERS.received()).isEmpty();
    }

    /** A session as user-service stores it; returns its token. */
    private String session(String userId, String roles) {
        String token = SessionTokens.newToken();
        String key = SessionTokens.sessionKey(SessionTokens.sessionId(token));
        Map<String, String> fields = new HashMap<>();
        fields.put(SessionTokens.USER_ID, userId);
        fields.put(SessionTokens.ROLES, roles);
        fields.put(SessionTokens.CREATED_AT, Instant.now().toString());
        fields.put(SessionTokens.EXPIRES_AT, Instant.now().plus(Duration.ofHours(24)).toString());
        redis.opsForHash().putAll(key, fields);
        redis.expire(key, Duration.ofHours(24));
        return token;
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
