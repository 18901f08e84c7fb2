package com.cityexplorer.gateway.balancing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's load balancing against three real backend instances (a fourth joins one service later):
 * one test service per algorithm, routed at {@code /<service>/**}. Instance "slow" answers 40 ms later
 * than "fast-a" and "fast-b".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class LoadBalancingDistributionTest {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancingDistributionTest.class);

    static final BackendInstance FAST_A = new BackendInstance("fast-a", 0);
    static final BackendInstance FAST_B = new BackendInstance("fast-b", 0);
    static final BackendInstance SLOW = new BackendInstance("slow", 40);
    static final BackendInstance FOURTH = new BackendInstance("fourth", 0);
    static final List<BackendInstance> THREE = List.of(FAST_A, FAST_B, SLOW);
    /** The slow instance gets the smallest weight, so the weighted test does not spend 300 × 40 ms waiting. */
    static final Map<BackendInstance, Integer> WEIGHTS = Map.of(SLOW, 1, FAST_A, 2, FAST_B, 3);

    /** What the test discovery client lists for hash-service; the fourth instance is added by a test. */
    static final List<ServiceInstance> HASH_SERVICE = new CopyOnWriteArrayList<>(THREE.stream()
        .map(backend -> (ServiceInstance) new DefaultServiceInstance(null, "hash-service", "127.0.0.1", backend.port(), false))
        .toList());

    static final Map<String, String> ALGORITHMS = new LinkedHashMap<>();

    static {
        ALGORITHMS.put("rr", "round-robin");
        ALGORITHMS.put("weighted", "weighted-round-robin");
        ALGORITHMS.put("leastconn", "least-connections");
        ALGORITHMS.put("lrt", "least-response-time");
        ALGORITHMS.put("hash", "consistent-hash");
        ALGORITHMS.put("outlier", "round-robin");
    }

    @DynamicPropertySource
    static void servicesAndRoutes(DynamicPropertyRegistry registry) {
        int route = 0;
        for (Map.Entry<String, String> service : ALGORITHMS.entrySet()) {
            String name = service.getKey();
            String serviceId = name + "-service";
            String routes = "spring.cloud.gateway.server.webflux.routes[" + route++ + "]";
            registry.add(routes + ".id", () -> name);
            registry.add(routes + ".uri", () -> "lb://" + serviceId);
            registry.add(routes + ".predicates[0]", () -> "Path=/" + name + "/**");
            registry.add("city-explorer.gateway.balancing.services." + serviceId + ".algorithm", service::getValue);
            if (!name.equals("hash")) {
                for (int i = 0; i < THREE.size(); i++) {
                    BackendInstance backend = THREE.get(i);
                    String instance = "spring.cloud.discovery.client.simple.instances." + serviceId + "[" + i + "]";
                    registry.add(instance + ".uri", backend::uri);
                    registry.add(instance + ".metadata.weight", () -> String.valueOf(WEIGHTS.get(backend)));
                }
            }
        }
        registry.add("city-explorer.gateway.balancing.services.hash-service.hash-key", () -> "header:X-Client-Id");
        // Checked by TCP connect instead of the readiness probe (the wiring of the option).
        registry.add("city-explorer.gateway.balancing.services.leastconn-service.health-check", () -> "tcp");
        // Longer than the test takes to check that an ejected instance gets nothing.
        registry.add("city-explorer.gateway.balancing.outlier.base-ejection-time", () -> "10s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ChangingDiscovery {

        /** Joins the configured (simple) discovery client in the composite one the load balancer uses. */
        @Bean
        ReactiveDiscoveryClient hashServiceDiscovery() {
            return new ReactiveDiscoveryClient() {
                @Override
                public String description() {
                    return "hash-service instances of LoadBalancingDistributionTest";
                }

                @Override
                public Flux<ServiceInstance> getInstances(String serviceId) {
                    return serviceId.equals("hash-service") ? Flux.fromIterable(List.copyOf(HASH_SERVICE)) : Flux.empty();
                }

                @Override
                public Flux<String> getServices() {
                    return Flux.just("hash-service");
                }
            };
        }
    }

    @AfterAll
    static void stopBackends() {
        THREE.forEach(BackendInstance::close);
        FOURTH.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void roundRobinSharesEqually() throws Exception {
        awaitEveryInstanceServes("rr");

        for (int i = 0; i < 600; i++) {
            assertThat(get("/rr/x").statusCode()).isEqualTo(200);
        }

        THREE.forEach(backend -> assertThat(backend.received("rr")).as(backend.name()).isBetween(170, 230));
    }

    @Test
    void weightedRoundRobinFollowsTheWeights() throws Exception {
        awaitEveryInstanceServes("weighted");

        for (int i = 0; i < 600; i++) {
            assertThat(get("/weighted/x").statusCode()).isEqualTo(200);
        }

        for (BackendInstance backend : THREE) {
            double share = backend.received("weighted") / 600.0;
            double expected = WEIGHTS.get(backend) / 6.0;
            assertThat(share).as(backend.name()).isBetween(expected - 0.05, expected + 0.05);
        }
    }

    @Test
    void leastConnectionsSendsMostTrafficToTheFastInstances() throws Exception {
        assertFastInstancesGetMostUnderConcurrentLoad("leastconn");
    }

    @Test
    void leastResponseTimeSendsMostTrafficToTheFastInstances() throws Exception {
        assertFastInstancesGetMostUnderConcurrentLoad("lrt");
    }

    @Test
    void consistentHashKeepsClientsAndMovesFewWhenAnInstanceJoins() throws Exception {
        awaitEveryInstanceServes("hash");
        Map<String, String> before = placeClients();
        assertThat(placeClients()).as("every client stays on its instance").isEqualTo(before);
        assertThat(new java.util.HashSet<>(before.values())).containsExactlyInAnyOrder("fast-a", "fast-b", "slow");

        HASH_SERVICE.add(new DefaultServiceInstance(null, "hash-service", "127.0.0.1", FOURTH.port(), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> placeClients().containsValue("fourth"));
        Map<String, String> after = placeClients();

        List<String> moved = before.keySet().stream().filter(client -> !before.get(client).equals(after.get(client))).toList();
        assertThat(moved).isNotEmpty();
        assertThat(moved.size() / 200.0).isLessThanOrEqualTo(0.40);
        assertThat(moved).allSatisfy(client -> assertThat(after.get(client)).as(client).isEqualTo("fourth"));
        assertThat(placeClients()).isEqualTo(after);
    }

    @Test
    void aClientWithoutTheHashHeaderIsKeptOnOneInstanceByItsAddress() throws Exception {
        awaitEveryInstanceServes("hash");
        Set<String> served = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get("/hash/x");
            assertThat(response.statusCode()).isEqualTo(200);
            served.add(JsonPath.read(response.body(), "$.instance"));
        }
        // Without a key the balancer picks at random: 30 requests would land on one of three instances
        // with a chance of 3 in 3^30.
        assertThat(served).as("instances that served this client (hashed on its address)").hasSize(1);
    }

    @Test
    void ejectsAnInstanceThatKeepsFailingAndTakesItBackWhenItRecovers() throws Exception {
        awaitEveryInstanceServes("outlier");
        SLOW.failing("outlier", true);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                get("/outlier/x");
                return SLOW.received("outlier") >= 5;
            });
            THREE.forEach(BackendInstance::reset);

            for (int i = 0; i < 60; i++) {
                assertThat(get("/outlier/x").statusCode()).isEqualTo(200);
            }
            assertThat(SLOW.received("outlier")).as("ejected").isZero();
            assertThat(FAST_A.received("outlier") + FAST_B.received("outlier")).isEqualTo(60);
        }
        finally {
            SLOW.failing("outlier", false);
        }

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(get("/outlier/x").statusCode()).isEqualTo(200);
            assertThat(SLOW.received("outlier")).as("back in rotation").isPositive();
        });
    }

    private void assertFastInstancesGetMostUnderConcurrentLoad(String service) throws Exception {
        awaitEveryInstanceServes(service);

        int clients = 24;
        int requestsEach = 40;
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(executor.submit(() -> {
                    for (int i = 0; i < requestsEach; i++) {
                        statuses.add(get("/" + service + "/x").statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }

        assertThat(statuses).hasSize(clients * requestsEach).containsOnly(200);
        double total = clients * requestsEach;
        double fastA = FAST_A.received(service) / total;
        double fastB = FAST_B.received(service) / total;
        double slow = SLOW.received(service) / total;
        log.info(String.format(java.util.Locale.ROOT, "%s: fast-a %.3f, fast-b %.3f, slow %.3f", service, fastA, fastB, slow));
        assertThat(fastA + fastB).as("fast instances' share").isGreaterThan(0.5);
        assertThat(fastA).isGreaterThan(slow);
        assertThat(fastB).isGreaterThan(slow);
    }

    private static final AtomicInteger WARM_UPS = new AtomicInteger();

    /** Waits until requests to {@code service} reach all three instances, then forgets them. */
    private void awaitEveryInstanceServes(String service) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 12; i++) {
                // Different client ids, so that consistent hashing spreads these too; new ones on every attempt, since
                // twelve fixed ids miss one of three instances on a few rings in a hundred (the ports vary by run).
                get("/" + service + "/x", "X-Client-Id", "warm-up-" + WARM_UPS.incrementAndGet());
            }
            THREE.forEach(backend -> assertThat(backend.received(service)).as(backend.name()).isPositive());
        });
        THREE.forEach(BackendInstance::reset);
        FOURTH.reset();
    }

    /** The instance each of 200 clients is sent to. */
    private Map<String, String> placeClients() throws Exception {
        Map<String, String> placed = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = get("/hash/x", "X-Client-Id", "client-" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            placed.put("client-" + i, JsonPath.read(response.body(), "$.instance"));
        }
        return placed;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
