package com.cityexplorer.gateway.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.cityexplorer.gateway.GatewayApplication;
import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.platform.security.session.SessionTokens;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway started while Redis cannot be reached (a node restarting, a failover): it starts instead of
 * failing and being restarted in a loop, is live and ready, serves anonymous requests (rate limits fail
 * open), and answers signed-in ones 503 (sessions fail closed).
 */
class GatewayWithoutRedisTest {

    static final UpstreamStub CITIES = new UpstreamStub("city-service");
    static ConfigurableApplicationContext gateway;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startWithoutRedis() {
        int nobodyListens = FreePorts.find();
        gateway = new SpringApplicationBuilder(GatewayApplication.class)
            .initializers(new PlatformInfrastructureInitializer(),
                    // After the shared infrastructure's (which takes precedence over command-line arguments): every
                    // Redis command and subscription fails.
                    context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("noRedis",
                            Map.of("spring.data.redis.port", nobodyListens, "spring.data.redis.timeout", "300ms",
                                    "spring.data.redis.connect-timeout", "300ms"))))
            .run("--server.port=0", "--management.server.port=",
                    "--city-explorer.discovery.registry.enabled=false",
                    "--spring.cloud.discovery.client.simple.instances.city-service[0].uri=" + CITIES.uri(),
                    "--city-explorer.gateway.services=city");
        assertThat(gateway.getEnvironment().getProperty("spring.data.redis.port")).isEqualTo(Integer.toString(nobodyListens));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        CITIES.close();
    }

    @Test
    void startsAndServesAnonymousCallsAndRefusesSignedInOnesWith503() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        // Ready all the same: every gateway instance shares the one Redis, so taking them out of rotation would
        // refuse anonymous traffic too (application.yml, management.endpoint.health.group.readiness).
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        // Once the load balancer has checked the instance.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(get("/api/v1/cities", null).statusCode()).isEqualTo(200));
        int forwarded = CITIES.received().size();

        HttpResponse<String> signedIn = get("/api/v1/cities", SessionTokens.newToken());
        assertThat(signedIn.statusCode()).isEqualTo(503);
        assertThat(signedIn.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(CITIES.received()).as("the signed-in call never reached the service").hasSize(forwarded);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
