package com.cityexplorer.platform.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.platform.PlatformTestApplication;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consuming events against a real Kafka broker and MongoDB-wire database. */
@PlatformIntegrationTest
@TestPropertySource(locations = "classpath:events-test.properties")
class EventConsumptionTest {

    static final String TOPIC = "ce.test.events";
    static final String DEAD_LETTERS = "ce.test.dlt";

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    PlatformTestApplication.RecordingListener listener;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeadLetterEndpoint deadLetters;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() throws Exception {
        String event = event("place-1", Map.of("name", "Louvre"));
        String id = json.readTree(event).get("id").asString();

        kafka.send(TOPIC, "place-1", event).get();
        kafka.send(TOPIC, "place-1", event).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= 1);
        assertThat(listener.applied).filteredOn(entry -> entry.endsWith(id)).hasSize(1);
    }

    @Test
    void aPoisonEventIsDeadLetteredAfterItsAttemptsAndLaterEventsOfItsPartitionStillFlow() throws Exception {
        String poison = event("place-2", Map.of("poison", true));
        String poisonId = json.readTree(poison).get("id").asString();
        String next = event("place-2", Map.of("name", "Orsay"));
        String nextId = json.readTree(next).get("id").asString();
        double retriedBefore = counter("ce.events.retried");

        kafka.send(TOPIC, "place-2", poison).get();
        kafka.send(TOPIC, "place-2", next).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.contains("place-2:" + nextId));
        assertThat(listener.applied).noneMatch(entry -> entry.endsWith(poisonId));
        ConsumerRecord<String, String> deadLetter = awaitDeadLetter(poisonId);
        assertThat(deadLetter.key()).isEqualTo("place-2");
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("poison event " + poisonId);
        assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(counter("ce.events.retried") - retriedBefore).isEqualTo(2.0);
    }

    @Test
    void anUnreadableEventIsDeadLetteredWithoutRetries() throws Exception {
        String marker = "not json " + UUID.randomUUID();
        double retriedBefore = counter("ce.events.retried");

        kafka.send(TOPIC, "place-3", marker).get();

        ConsumerRecord<String, String> deadLetter = awaitDeadLetter(marker);
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).isEqualTo(InvalidEventException.class.getName());
        assertThat(counter("ce.events.retried") - retriedBefore).isZero();
    }

    @Test
    void operatorsListDeadLettersAndReplayOneOnceItsCauseIsFixed() throws Exception {
        String aggregate = "place-" + UUID.randomUUID();
        listener.failing.add(aggregate);
        String event = event(aggregate, Map.of("name", "Rijksmuseum"));
        String id = json.readTree(event).get("id").asString();
        kafka.send(TOPIC, aggregate, event).get();
        awaitDeadLetter(id);

        DeadLetterEndpoint.DeadLetter letter = await().atMost(Duration.ofSeconds(10)).until(
                () -> deadLetters.list().stream().filter(l -> l.value().contains(id)).findFirst().orElse(null),
                found -> found != null);
        assertThat(letter.originalTopic()).isEqualTo(TOPIC);
        assertThat(letter.key()).isEqualTo(aggregate);
        assertThat(letter.failure()).contains("poison event " + id);
        assertThat(letter.originalOffset()).isNotNull();

        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(actuator("/deadletters")))
                .header("Authorization", TestIdentity.bearer("test-service", "admin-1", "ADMIN")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(id);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                URI.create(actuator("/deadletters/" + letter.partition() + "/" + letter.offset())))
            .header("Authorization", TestIdentity.bearer("test-service", "admin-1", "ADMIN"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("replay is not open by default").isGreaterThanOrEqualTo(400);
        assertThat(listener.applied).noneMatch(entry -> entry.endsWith(id));

        listener.failing.remove(aggregate);
        deadLetters.replay(letter.partition(), letter.offset());

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.contains(aggregate + ":" + id));
    }

    private String actuator(String path) {
        return "http://127.0.0.1:" + port + "/actuator" + path;
    }

    private String event(String aggregateId, Map<String, Object> data) {
        return json.writeValueAsString(new EventEnvelope(UUID.randomUUID(), "PlaceUpdated", 1, "place-service",
                aggregateId, Instant.now(), null, json.valueToTree(data)));
    }

    private double duplicates() {
        var counter = meters.find("ce.events.consumed").tag("outcome", "duplicate").counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name) {
        var counter = meters.find(name).tag("topic", TOPIC).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String containing) {
        return TopicReader.read(DEAD_LETTERS, record -> record.value() != null && record.value().contains(containing),
                found -> !found.isEmpty()).getFirst();
    }
}
