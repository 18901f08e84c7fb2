package com.cityexplorer.gateway.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.gateway.GatewayApplication;
import com.cityexplorer.gateway.routing.UpstreamStub;
import com.cityexplorer.test.PlatformInfrastructureInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway instances (two application contexts in this JVM, one Redis) enforce one user's limit
 * together: requests of one session, alternated between them, are allowed one bucket's burst in total
 * (plus the one token a second that refills meanwhile), not a burst per instance; and a busy caller's
 * tokens, taken from Redis in batches, still add up to one bucket.
 */
class RateLimitAcrossInstancesTest {

    static final int BURST = 10;
    /** A tier large enough for leased batches (TokenLeases): up to a tenth of the rate, 10 tokens. */
    static final int BUSY_RATE = 100;
    static final int BUSY_BURST = 200;
    static final int BUSY_BATCH = 10;
    static final UpstreamStub CITIES = new UpstreamStub("city-service");
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoGateways() {
        first = gateway();
        second = gateway();
    }

    @AfterAll
    static void stopEverything() {
        if (first != null) {
            TestSessions.clearBuckets(first.getBean(StringRedisTemplate.class));
            first.close();
        }
        if (second != null) {
            second.close();
        }
        CITIES.close();
    }

    static ConfigurableApplicationContext gateway() {
        // Command-line arguments: above application.properties, unlike builder.properties(...) (defaults).
        return new SpringApplicationBuilder(GatewayApplication.class)
            .initializers(new PlatformInfrastructureInitializer())
            .run("--server.port=0",
                    "--spring.cloud.discovery.client.simple.instances.city-service[0].uri=" + CITIES.uri(),
                    "--city-explorer.gateway.services=city",
                    "--city-explorer.gateway.rate-limits.tiers.USER.replenish-per-second=1",
                    "--city-explorer.gateway.rate-limits.tiers.USER.burst=" + BURST,
                    "--city-explorer.gateway.rate-limits.tiers.PARTNER.replenish-per-second=" + BUSY_RATE,
                    "--city-explorer.gateway.rate-limits.tiers.PARTNER.burst=" + BUSY_BURST,
                    "--management.server.port=");
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void alternatingInstancesStillGetsOneBucketForOneUser() throws Exception {
        List<Integer> ports = readyPorts();
        CITIES.received().clear();
        String token = TestSessions.create(first.getBean(StringRedisTemplate.class), "user-" + UUID.randomUUID(), "USER");

        long started = System.nanoTime();
        int[] allowedPerInstance = new int[2];
        int[] limitedPerInstance = new int[2];
        for (int i = 0; i < 3 * BURST; i++) {
            int instance = i % 2;
            HttpResponse<String> response = get(ports.get(instance), "/api/v1/cities", token);
            assertThat(response.statusCode()).isIn(200, 429);
            if (response.statusCode() == 200) {
                allowedPerInstance[instance]++;
            }
            else {
                limitedPerInstance[instance]++;
            }
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        int allowed = allowedPerInstance[0] + allowedPerInstance[1];
        assertThat(allowed).as("allowed in total (%s s)", elapsedSeconds).isBetween(BURST, BURST + (int) elapsedSeconds + 1);
        assertThat(allowedPerInstance).as("each instance let some through").doesNotContain(0);
        assertThat(limitedPerInstance).as("each instance refused some").doesNotContain(0);
        assertThat(CITIES.received()).hasSize(allowed);
    }

    @Test
    void aBusyCallersTokensComeInBatchesAndBothInstancesTogetherStillKeepToOneBucket() throws Exception {
        List<Integer> ports = readyPorts();
        CITIES.received().clear();
        StringRedisTemplate redis = first.getBean(StringRedisTemplate.class);
        String token = TestSessions.create(redis, "partner-" + UUID.randomUUID(), "PARTNER");

        long started = System.nanoTime();
        long scriptCallsBefore = bucketScriptCalls(redis);
        int half = BUSY_BURST / 2;
        for (int i = 0; i < half; i++) {
            assertThat(get(ports.get(i % 2), "/api/v1/cities", token).statusCode()).as("request %s", i).isEqualTo(200);
        }
        long scriptCalls = bucketScriptCalls(redis) - scriptCallsBefore;
        // Per instance 50 requests: batches of 1, 2, 4, 8, then 10s: 8 calls, instead of 50.
        assertThat(scriptCalls).as("Redis calls for %s requests", half).isLessThanOrEqualTo(half / 4);

        // The rest at once, eight at a time: one after another, on a slow machine, they may come no faster than the
        // bucket refills (BUSY_RATE a second), and then none is ever refused.
        List<Future<Integer>> statuses = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int i = half; i < 4 * BUSY_BURST; i++) {
                int port = ports.get(i % 2);
                statuses.add(clients.submit(() -> get(port, "/api/v1/cities", token).statusCode()));
            }
            int allowed = half;
            int[] limitedPerInstance = new int[2];
            for (int i = 0; i < statuses.size(); i++) {
                int status = statuses.get(i).get(30, TimeUnit.SECONDS);
                assertThat(status).isIn(200, 429);
                if (status == 200) {
                    allowed++;
                }
                else {
                    limitedPerInstance[(half + i) % 2]++;
                }
            }
            long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

            // The bucket refills in whole seconds of Redis's clock: at most elapsed + 1 refills.
            assertThat(allowed).as("allowed in total (%s s)", elapsedSeconds)
                .isBetween(BUSY_BURST - 2 * (BUSY_BATCH - 1), BUSY_BURST + BUSY_RATE * ((int) elapsedSeconds + 1));
            assertThat(limitedPerInstance).as("each instance refused some").doesNotContain(0);
            assertThat(CITIES.received()).hasSize(allowed);
        }
        finally {
            clients.shutdownNow();
        }
    }

    /** Both instances' ports, once each routes to the upstream. */
    private List<Integer> readyPorts() {
        List<Integer> ports = List.of(port(first), port(second));
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(get(port, "/services/city/health/readiness", null).statusCode()).isEqualTo(200));
        }
        return ports;
    }

    /** How often Redis has run a script (the token bucket's EVALSHA, or EVAL when it had to load it). */
    private static long bucketScriptCalls(StringRedisTemplate redis) {
        Properties stats = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("commandstats"));
        long calls = 0;
        for (String command : List.of("cmdstat_evalsha", "cmdstat_eval")) {
            String value = stats.getProperty(command);
            if (value != null) {
                calls += Long.parseLong(value.replaceAll("^calls=(\\d+),.*$", "$1"));
            }
        }
        return calls;
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
