package com.cityexplorer.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * For operators: {@code GET /actuator/deadletters} lists the latest events this service dead-lettered,
 * with the failure that put them there; {@code POST /actuator/deadletters/{partition}/{offset}}
 * republishes one to the topic it came from (same key, same event id), once its cause is fixed.
 * Listing is allowed by default; replaying needs {@code management.endpoint.deadletters.access=unrestricted}.
 */
@Endpoint(id = "deadletters")
public class DeadLetterEndpoint {

    /** One dead-lettered event as operators see it. */
    public record DeadLetter(int partition, long offset, String key, Instant deadLetteredAt, String originalTopic,
            Integer originalPartition, Long originalOffset, String failure, String cause, String value) {
    }

    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<String, String> kafka;
    private final String topic;

    DeadLetterEndpoint(Map<String, Object> consumerConfig, KafkaTemplate<String, String> kafka, String topic) {
        this.consumerConfig = consumerConfig;
        this.kafka = kafka;
        this.topic = topic;
    }

    @ReadOperation
    public List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        read(50, record -> letters.add(deadLetter(record)));
        letters.sort(Comparator.comparing(DeadLetter::deadLetteredAt).reversed());
        return letters;
    }

    @WriteOperation
    public Map<String, Object> replay(@Selector int partition, @Selector long offset) throws Exception {
        ConsumerRecord<String, String> record = fetch(partition, offset);
        if (record == null) {
            throw new IllegalArgumentException("No dead letter at " + topic + "-" + partition + "@" + offset);
        }
        String originalTopic = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        if (originalTopic == null) {
            throw new IllegalArgumentException("The dead letter at " + partition + "@" + offset + " has no original topic");
        }
        kafka.send(new ProducerRecord<>(originalTopic, record.key(), record.value())).get(10, TimeUnit.SECONDS);
        return Map.of("replayedTo", originalTopic, "key", String.valueOf(record.key()), "partition", partition,
                "offset", offset);
    }

    private ConsumerRecord<String, String> fetch(int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            consumer.assign(List.of(topicPartition));
            consumer.seek(topicPartition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            return null;
        }
    }

    /** The last {@code perPartition} records of every partition, read without joining a consumer group. */
    private void read(int perPartition, java.util.function.Consumer<ConsumerRecord<String, String>> sink) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long from = Math.max(starts.get(partition), ends.get(partition) - perPartition);
                consumer.seek(partition, from);
                if (ends.get(partition) > from) {
                    remaining.put(partition, ends.get(partition));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(record);
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() + 1 >= remaining.getOrDefault(partition, Long.MAX_VALUE)) {
                        remaining.remove(partition);
                    }
                }
            }
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, String> record) {
        // Spring Kafka writes the original partition and offset as a big-endian int and long.
        Header partition = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Header offset = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
        return new DeadLetter(record.partition(), record.offset(), record.key(), Instant.ofEpochMilli(record.timestamp()),
                header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                partition == null ? null : java.nio.ByteBuffer.wrap(partition.value()).getInt(),
                offset == null ? null : java.nio.ByteBuffer.wrap(offset.value()).getLong(),
                header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), header(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN),
                record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
