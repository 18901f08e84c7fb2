package com.cityexplorer.devstack;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: the real launcher starts the whole platform (embedded MongoDB-wire server, Kafka, Redis, the
 * six services and the gateway as separate JVMs), as the README's run command does, and is checked the
 * way a new user would check it: through the gateway.
 */
class PlatformEndToEndTest {

    static final List<String> SERVICES = List.of("user", "city", "place", "itinerary", "review", "affiliate");

    @TempDir
    Path dataDir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void runsThePlatformRoutesAroundAKilledServiceStopsCleanlyAndRestartsOnItsData() throws Exception {
        String mongoUri;
        int gatewayPort;
        List<ProcessHandle> processes;
        try (DevStack stack = launch()) {
            stack.start();
            gatewayPort = URI.create(stack.gatewayUrl()).getPort();
            processes = stack.processHandles();
            assertThat(processes).hasSize(7).allMatch(ProcessHandle::isAlive);
            // The gateway runs one event loop per processor (EventLoopCount, from its main method), not reactor-netty's four.
            Path gatewayLog = dataDir.resolve("logs").resolve("gateway-service.log");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(gatewayLog))
                .contains("transport, on " + Runtime.getRuntime().availableProcessors() + " event loops"));

            HttpResponse<String> health = get(stack, "/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
            for (String service : SERVICES) {
                HttpResponse<String> readiness = get(stack, "/services/" + service + "/health/readiness");
                assertThat(readiness.statusCode()).as(service).isEqualTo(200);
                // Overall health: affiliate-service's readiness leaves MongoDB out (its clicks do not need it).
                HttpResponse<String> overall = get(stack, "/services/" + service + "/health");
                assertThat(JsonPath.<String>read(overall.body(), "$.components.mongo.status")).as(service).isEqualTo("UP");
            }

            mongoUri = stack.infrastructureProperty("spring.mongodb.uri");
            try (MongoClient client = MongoClients.create(mongoUri)) {
                client.getDatabase("place-service").getCollection("e2e").insertOne(new Document("_id", "kept"));
            }

            stack.process("place").handle().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> down = get(stack, "/api/v1/places?cityId=1");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
            });
            for (String other : List.of("user", "city", "itinerary", "review", "affiliate")) {
                HttpResponse<String> stillUp = get(stack, "/services/" + other + "/health/readiness");
                assertThat(stillUp.statusCode()).as(other + ": " + stillUp.body()).isEqualTo(200);
            }
        }

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(isListening(gatewayPort)).isFalse();
        assertThat(isListening(URI.create(mongoUri).getPort())).isFalse();

        try (DevStack again = launch()) {
            again.start();
            try (MongoClient client = MongoClients.create(again.infrastructureProperty("spring.mongodb.uri"))) {
                assertThat(client.getDatabase("place-service").getCollection("e2e").countDocuments()).isEqualTo(1);
            }
            assertThat(get(again, "/services/place/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    private DevStack launch() {
        String jars = System.getProperty("city-explorer.jars", "target/services");
        LaunchOptions options = LaunchOptions.parse(
                new String[] { "--random-ports", "--data-dir=" + dataDir, "--jars=" + jars }, Map.of(), Path.of(jars));
        return new DevStack(options, new Console(System.out, System.nanoTime()));
    }

    private HttpResponse<String> get(DevStack stack, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
            .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (Exception ex) {
            return false;
        }
    }
}
