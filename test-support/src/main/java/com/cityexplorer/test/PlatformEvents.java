package com.cityexplorer.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events as other services do (the platform's envelope, keyed by aggregate, with the
 * {@code ce-event-type} header), for tests of a service that consumes them.
 */
public final class PlatformEvents {

    private PlatformEvents() {
    }

    /** Creates these topics (3 partitions) where they do not exist yet, as their owning services would. */
    public static void topics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(names).stream()
                .filter(topic -> !existing.contains(topic)).map(topic -> new NewTopic(topic, 3, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    /** Publishes an event with {@code data} (JSON) and waits for Kafka's acknowledgement; returns its id. */
    public static String publish(String topic, String type, String source, String aggregateId, String data) throws Exception {
        String id = UUID.randomUUID().toString();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"version\":1,\"source\":\"" + source + "\","
                + "\"aggregateId\":\"" + aggregateId + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":" + data + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, aggregateId, envelope);
            record.headers().add("ce-event-type", type.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        return id;
    }

    public static String placeCreated(String placeId) throws Exception {
        return publish("ce.place.events", "PlaceCreated", "place-service", placeId, "{\"placeId\":\"" + placeId
                + "\",\"cityId\":\"2988507\",\"name\":\"Test place\",\"category\":\"museum\",\"location\":{\"lat\":48.86,\"lon\":2.33},\"tags\":[]}");
    }

    public static String placeDeleted(String placeId) throws Exception {
        return publish("ce.place.events", "PlaceDeleted", "place-service", placeId, "{\"placeId\":\"" + placeId
                + "\",\"cityId\":\"2988507\",\"location\":{\"lat\":48.86,\"lon\":2.33}}");
    }

    public static String userRegistered(String userId, String displayName) throws Exception {
        return publish("ce.user.events", "UserRegistered", "user-service", userId, "{\"userId\":\"" + userId
                + "\",\"displayName\":\"" + displayName + "\",\"roles\":[\"USER\"]}");
    }

    public static String userDeleted(String userId) throws Exception {
        return publish("ce.user.events", "UserDeleted", "user-service", userId, "{\"userId\":\"" + userId + "\"}");
    }
}
