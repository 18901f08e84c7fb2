package com.cityexplorer.gateway.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.platform.discovery.RegisteredInstance;
import com.cityexplorer.test.PlatformInfrastructure;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the local launcher and docker-compose run: the gateway finds a service only through the Redis
 * instance registry, and the very first request to it is routed there (not held until the load
 * balancer's 30 s discovery timeout, nor answered 503).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "city-explorer.discovery.registry.enabled=true",
    "city-explorer.gateway.services=city",
})
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class RegistryRoutingTest {

    static final UpstreamStub CITY = new UpstreamStub("city-service");

    static {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        RedisClient client = RedisClient.create("redis://" + infrastructure.redisHost() + ":" + infrastructure.redisPort());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            RegisteredInstance instance = new RegisteredInstance("city-service", "city-1", URI.create(CITY.uri()), 1);
            redis.sync().zadd(RegisteredInstance.key("city-service"), System.currentTimeMillis() + 600_000, instance.member());
        }
        finally {
            client.shutdown();
        }
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        CITY.close();
    }

    @Test
    void routesTheFirstRequestToAnInstanceFoundOnlyInTheRegistry() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/cities"))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\":\"city-service\"");
    }
}
