package com.cityexplorer.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: three place-service instances ({@code --replicas=place=3}) behind the gateway, under steady
 * load. All three serve; one killed with SIGKILL costs no GET; one stopped gracefully costs no request
 * of any kind, creations (POST) included, and every creation that was answered 201 exists once.
 */
class TrafficFailoverEndToEndTest {

    static final String PLACE = "/api/v1/places/paris-musee-d-orsay";
    static final Pattern PLACE_REQUESTS = Pattern.compile(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/places[^\"]*\"[^}]*} ([0-9.E]+)");

    /** Kept when the test fails: the services' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static DevStack stack;
    static String gateway;

    final GatewayClient client = new GatewayClient();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void launch() {
        stack = TestStacks.create(dataDir, "--replicas=place=3");
        stack.start();
        gateway = stack.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void losesNoReadWhenAnInstanceIsKilledAndNoRequestWhenOneIsStopped() throws Exception {
        List<String> instances = stack.instances().get("place-service");
        assertThat(instances).hasSize(3);
        String admin = JsonPath.read(client.send(gateway, "POST", "/api/v1/sessions", null,
                "{\"email\":\"" + LaunchOptions.DEFAULT_ADMIN_EMAIL + "\",\"password\":\"" + LaunchOptions.DEFAULT_ADMIN_PASSWORD + "\"}")
            .body(), "$.token");
        String cityId = JsonPath.read(client.send(gateway, "GET", PLACE, null, null).body(), "$.cityId");
        String marker = "failover" + UUID.randomUUID().toString().substring(0, 8);
        // The city reaches place-service through city-service's events, which take a while on a fresh start.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
            .until(() -> client.send(gateway, "POST", "/api/v1/places", admin, newPlace(cityId, marker, 0)).statusCode() == 201);

        // Every instance is discovered and served: the gateway balances reads over all three.
        Map<String, Double> before = new java.util.HashMap<>();
        for (String instance : instances) {
            before.put(instance, placeRequests(instance));
        }
        for (int i = 0; i < 60; i++) {
            assertThat(client.send(gateway, "GET", PLACE, null, null).statusCode()).isEqualTo(200);
        }
        for (String instance : instances) {
            assertThat(placeRequests(instance)).as("requests served by " + instance).isGreaterThan(before.get(instance));
        }

        try (Load reads = Load.start(4, () -> client.send(gateway, "GET", PLACE, null, null), 200)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> reads.completed() >= 200);
            String killed = stack.killInstance("place");
            int atKill = reads.completed();
            // Long enough for the dead instance to be tried, ejected, and to drop out of the registry (6 s).
            await().atMost(Duration.ofMinutes(2)).until(() -> reads.completed() >= atKill + 1500);
            assertThat(reads.failures()).as("GETs failed after killing " + killed).isEmpty();
        }

        AtomicInteger created = new AtomicInteger(1);
        AtomicInteger sequence = new AtomicInteger(1);
        try (Load reads = Load.start(4, () -> client.send(gateway, "GET", PLACE, null, null), 200);
                Load writes = Load.start(1, () -> {
                    HttpResponse<String> response = client.send(gateway, "POST", "/api/v1/places", admin,
                            newPlace(cityId, marker, sequence.incrementAndGet()));
                    if (response.statusCode() == 201) {
                        created.incrementAndGet();
                    }
                    return response;
                }, 201)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> writes.completed() >= 10);
            String stopped = stack.stopInstance("place");
            int readsAtStop = reads.completed();
            int writesAtStop = writes.completed();
            await().atMost(Duration.ofMinutes(2)).until(() -> reads.completed() >= readsAtStop + 1000 && writes.completed() >= writesAtStop + 20);
            assertThat(reads.failures()).as("GETs failed around stopping " + stopped).isEmpty();
            assertThat(writes.failures()).as("POSTs failed around stopping " + stopped).isEmpty();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> found = client.send(gateway, "GET", "/api/v1/places?cityId=" + cityId + "&q=" + marker + "&size=100", null, null);
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            assertThat(JsonPath.<Integer>read(found.body(), "$.totalItems")).as("each creation exactly once").isEqualTo(created.get());
            assertThat(JsonPath.<List<String>>read(found.body(), "$.items[*].name")).doesNotHaveDuplicates();
        });
    }

    private static String newPlace(String cityId, String marker, int number) {
        return "{\"cityId\":\"" + cityId + "\",\"name\":\"" + marker + " place " + number + "\",\"category\":\"museum\","
                + "\"location\":{\"lat\":48.86,\"lon\":2.33},\"address\":\"1 Rue de Test\","
                + "\"description\":\"Created while an instance went away.\",\"tags\":[\"test\"]}";
    }

    /** Requests to place endpoints an instance has served, from its Prometheus endpoint. */
    private double placeRequests(String instance) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(instance + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        Matcher matcher = PLACE_REQUESTS.matcher(metrics);
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** Clients sending one request after another on virtual threads, recording every failure. */
    static final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger completed = new AtomicInteger();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> clients = new ArrayList<>();

        static Load start(int clients, Call call, int expectedStatus) {
            Load load = new Load();
            for (int i = 0; i < clients; i++) {
                load.clients.add(Thread.ofVirtual().start(() -> {
                    while (load.running.get()) {
                        try {
                            HttpResponse<String> response = call.send();
                            if (response.statusCode() != expectedStatus) {
                                load.failures.add(response.statusCode() + " " + response.body());
                            }
                        }
                        catch (Exception ex) {
                            load.failures.add(ex.toString());
                        }
                        load.completed.incrementAndGet();
                    }
                }));
            }
            return load;
        }

        int completed() {
            return completed.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }
    }
}
