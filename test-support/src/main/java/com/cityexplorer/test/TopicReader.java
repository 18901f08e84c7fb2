package com.cityexplorer.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/** Reads a topic of the shared test broker from its start, as a consumer group of its own. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Collects the records that match {@code filter} until {@code enough} holds (or fails after 30 s),
     * then polls once more so that anything delivered twice shows up too.
     */
    public static List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> filter,
            Predicate<List<ConsumerRecord<String, String>>> enough) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers(),
                "group.id", "topic-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (filter.test(record)) {
                        matching.add(record);
                    }
                });
                return enough.test(matching);
            });
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                if (filter.test(record)) {
                    matching.add(record);
                }
            });
        }
        return matching;
    }
}
