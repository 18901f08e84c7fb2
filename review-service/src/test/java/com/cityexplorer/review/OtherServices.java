package com.cityexplorer.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.test.PlatformInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes other services' events as they do (place-service's, user-service's), for review-service's tests. */
public final class OtherServices {

    private OtherServices() {
    }

    /** Creates the topics review-service reads, as the owning services would. */
    public static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of("ce.place.events", "ce.user.events", "ce.review.events").stream()
                .filter(topic -> !existing.contains(topic)).map(topic -> new NewTopic(topic, 3, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    /** Publishes an event; returns its id. */
    public static String publish(String topic, String type, String source, String aggregateId, String data) throws Exception {
        String id = UUID.randomUUID().toString();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"version\":1,\"source\":\"" + source + "\","
                + "\"aggregateId\":\"" + aggregateId + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":" + data + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId, envelope)).get();
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
