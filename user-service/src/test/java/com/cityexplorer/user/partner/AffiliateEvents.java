package com.cityexplorer.user.partner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.cityexplorer.test.PlatformInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * affiliate-service's side of the wire, for tests: its topic, created as it would create it (the broker
 * creates no topic on use), and its events, keyed by partner with the {@code ce-event-type} header.
 * Also reads user-service's dead-letter topic to its end, so a test can see that something is not there.
 */
final class AffiliateEvents {

    static final String TOPIC = "ce.affiliate.events";
    static final String DEAD_LETTERS = "ce.user.dlt";

    private AffiliateEvents() {
    }

    static void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
        }
    }

    /** A PartnerCreated for a new partner of this user; returns the event id. */
    static String partnerCreated(String userId) throws Exception {
        return partnerCreated(UUID.randomUUID().toString(), "partner-" + UUID.randomUUID(), userId);
    }

    /** A PartnerCreated with this event id (the same id twice is a redelivery); returns the id. */
    static String partnerCreated(String eventId, String partnerId, String userId) throws Exception {
        return publish(eventId, "PartnerCreated", partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"userId\":\"" + userId + "\",\"name\":\"Hotel " + partnerId + "\"}");
    }

    /** An affiliate event in the platform's envelope, with {@code data} as given (JSON); returns the id. */
    static String publish(String eventId, String type, String partnerId, String data) throws Exception {
        send(type, partnerId, "{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"version\":1,"
                + "\"source\":\"affiliate-service\",\"aggregateId\":\"" + partnerId + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"data\":" + data + "}");
        return eventId;
    }

    /** Any record, as it is, with the type header; waits for Kafka's acknowledgement. */
    static void send(String type, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
            record.headers().add("ce-event-type", type.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** Every record of user-service's dead-letter topic with this key, read up to the topic's current end. */
    static List<ConsumerRecord<String, String>> deadLetters(String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers(),
                "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                .map(partition -> new TopicPartition(DEAD_LETTERS, partition.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return found;
    }

    private static String bootstrapServers() {
        return PlatformInfrastructure.shared().kafkaBootstrapServers();
    }
}
