package com.cityexplorer.platform.events.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.test.PlatformInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.awaitility.Awaitility.await;

/** What the journal tests share: the topic, producers that reach the test broker or nothing, and events. */
final class JournalTests {

    static final String TOPIC = "ce.test.journal";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static volatile KafkaTemplate<String, String> kafka;

    private JournalTests() {
    }

    /** The journal test topic on the shared test broker (3 partitions, so keys really spread), once. */
    static synchronized void createTopic() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(ex);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A producer with the platform's delivery settings, to the test broker. */
    static KafkaTemplate<String, String> kafka() {
        if (kafka == null) {
            synchronized (JournalTests.class) {
                if (kafka == null) {
                    kafka = template(PlatformInfrastructure.shared().kafkaBootstrapServers(), 30_000);
                }
            }
        }
        return kafka;
    }

    /** A producer to a port nobody listens on: every send fails within about a second. */
    static KafkaTemplate<String, String> unreachable() {
        return template("127.0.0.1:" + FreePorts.find(), 3000);
    }

    static KafkaTemplate<String, String> template(String bootstrapServers, int deliveryTimeoutMillis) {
        DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", bootstrapServers, "acks", "all", "enable.idempotence", true, "linger.ms", 5,
                "max.block.ms", 1000, "delivery.timeout.ms", deliveryTimeoutMillis, "request.timeout.ms", 1000),
                new StringSerializer(), new StringSerializer());
        factory.setPhysicalCloseTimeout(1);
        return new KafkaTemplate<>(factory);
    }

    static EventJournalSettings settings(Path directory) {
        return new EventJournalSettings(directory, Duration.ofMillis(200), Duration.ofMillis(20), 500, 64L * 1024 * 1024,
                Duration.ofMillis(100));
    }

    /** Event {@code sequence} of a test run: its id is derived from both, so any process can name it. */
    static EventEnvelope envelope(String run, String key, int sequence, String traceparent) {
        return new EventEnvelope(id(run, sequence), "ClickRecorded", 1, "test-service", key,
                Instant.parse("2026-12-01T10:15:30.123Z"), traceparent,
                JSON.valueToTree(Map.of("run", run, "key", key, "sequence", sequence, "offerId", "offer-é-" + sequence)));
    }

    static UUID id(String run, int sequence) {
        return UUID.nameUUIDFromBytes((run + ":" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The records of the journal topic whose key starts with {@code run}, read from the start of every
     * partition once there are at least {@code count}, and up to the end the topic had then (so anything
     * acknowledged before, repeats included, is there). Assigned partitions, no consumer group: no rebalance
     * to wait for.
     */
    static List<ConsumerRecord<String, String>> read(String run, int count) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers(), "enable.auto.commit", false,
                "auto.offset.reset", "earliest", "max.poll.records", 5000), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(partition -> new TopicPartition(TOPIC, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Runnable poll = () -> consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                if (record.key() != null && record.key().startsWith(run)) {
                    matching.add(record);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll.run();
                return matching.size() >= count;
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition))) {
                    return true;
                }
                poll.run();
                return false;
            });
        }
        return matching;
    }

    /** Closes the template's producer (a template does not close a factory it was given). */
    static void destroy(KafkaTemplate<String, String> template) {
        ((DefaultKafkaProducerFactory<String, String>) template.getProducerFactory()).destroy();
    }

    static EventEnvelope envelope(ConsumerRecord<String, String> record) {
        return JSON.readValue(record.value(), EventEnvelope.class);
    }

    static int sequence(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value()).get("data").get("sequence").asInt();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> JSON.readTree(record.value()).get("id").asString())
            .collect(java.util.stream.Collectors.toSet());
    }

    /** The segment files of a slot, in order. */
    static List<Path> segments(Path slot) throws java.io.IOException {
        try (Stream<Path> files = Files.list(slot)) {
            return files.filter(file -> file.getFileName().toString().startsWith(JournalSlot.SEGMENT_PREFIX)).sorted().toList();
        }
    }
}
