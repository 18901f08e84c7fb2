package com.cityexplorer.devstack;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: the real platform rides out a Kafka outage and a crash. With Kafka stopped, user-service keeps
 * accepting writes (201); it is then killed (SIGKILL) with those writes' events still unpublished; once
 * Kafka and the service are back, every event is delivered exactly once, in order per account.
 */
class EventDeliveryEndToEndTest {

    @TempDir
    Path dataDir;

    final GatewayClient client = new GatewayClient();

    @Test
    void deliversEveryEventOnceAndInOrderAfterAKafkaOutageAndACrash() throws Exception {
        try (DevStack stack = TestStacks.create(dataDir)) {
            stack.start();
            String gateway = stack.gatewayUrl();
            String bootstrap = stack.infrastructureProperty("spring.kafka.bootstrap-servers");

            stack.stopKafka();
            Map<String, List<String>> expectedNames = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                String email = "outage-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
                HttpResponse<String> registered = send(gateway, "POST", "/api/v1/users", null,
                        "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"displayName\":\"v0\"}");
                assertThat(registered.statusCode()).as("writes go on while Kafka is down: " + registered.body()).isEqualTo(201);
                String userId = JsonPath.read(registered.body(), "$.id");
                HttpResponse<String> login = send(gateway, "POST", "/api/v1/sessions", null,
                        "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\"}");
                String token = JsonPath.read(login.body(), "$.token");
                List<String> names = new ArrayList<>(List.of("v0"));
                for (int version = 1; version <= 3; version++) {
                    HttpResponse<String> updated = send(gateway, "PATCH", "/api/v1/users/me", token,
                            "{\"displayName\":\"v" + version + "\"}");
                    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
                    names.add("v" + version);
                }
                expectedNames.put(userId, names);
            }
            assertThat(send(gateway, "GET", "/services/user/health/readiness", null, null).statusCode())
                .as("Kafka is not part of readiness").isEqualTo(200);

            stack.kill("user");
            stack.startKafka();
            stack.restart("user");

            Map<String, List<ConsumerRecord<String, String>>> delivered = readEvents(bootstrap, expectedNames);
            for (var expected : expectedNames.entrySet()) {
                List<ConsumerRecord<String, String>> events = delivered.get(expected.getKey());
                assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
                    .as("each account's events, once each, in order")
                    .containsExactly("UserRegistered", "UserUpdated", "UserUpdated", "UserUpdated");
                assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.data.displayName"))
                    .containsExactlyElementsOf(expected.getValue());
                assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.id")).doesNotHaveDuplicates();
            }
        }
    }

    /** Reads ce.user.events from the start until every expected account has four events, then a bit longer for duplicates. */
    private static Map<String, List<ConsumerRecord<String, String>>> readEvents(String bootstrap,
            Map<String, List<String>> expected) {
        Map<String, List<ConsumerRecord<String, String>>> byUser = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "e2e-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("ce.user.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (expected.containsKey(record.key())) {
                        byUser.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record);
                    }
                });
                return expected.keySet().stream().allMatch(user -> byUser.getOrDefault(user, List.of()).size() >= 4);
            });
            // Anything published twice would arrive right behind; give it the relay's interval several times over.
            for (int i = 0; i < 4; i++) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (expected.containsKey(record.key())) {
                        byUser.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record);
                    }
                });
            }
        }
        return byUser;
    }

    private HttpResponse<String> send(String gateway, String method, String path, String token, String json) throws Exception {
        return client.send(gateway, method, path, token, json);
    }
}
