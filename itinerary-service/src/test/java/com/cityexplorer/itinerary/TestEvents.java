package com.cityexplorer.itinerary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import com.cityexplorer.test.PlatformInfrastructure;

/**
 * Publishes the events of other services to the shared test broker, as place-service and user-service
 * would (same topics, keys and envelopes), so tests need neither service running.
 */
public final class TestEvents {

    public static final String PLACE_EVENTS = "ce.place.events";
    public static final String USER_EVENTS = "ce.user.events";

    private TestEvents() {
    }

    /** The other services' topics, which they would have created; the broker does not create topics on use. */
    public static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            for (String topic : List.of(PLACE_EVENTS, USER_EVENTS)) {
                if (!existing.contains(topic)) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
                    }
                    catch (java.util.concurrent.ExecutionException ex) {
                        if (!(ex.getCause() instanceof TopicExistsException)) {
                            throw ex;
                        }
                    }
                }
            }
        }
    }

    public static String placeCreated(String placeId, String cityId, double lat, double lon) throws Exception {
        return placeEvent("PlaceCreated", placeId, cityId, lat, lon, Instant.now());
    }

    /** A PlaceCreated or PlaceUpdated with the place's whole state, as of {@code at}; returns the event id. */
    public static String placeEvent(String type, String placeId, String cityId, double lat, double lon, Instant at) throws Exception {
        String location = "{\"lat\":" + lat + ",\"lon\":" + lon + "}";
        String data = "{\"placeId\":\"" + placeId + "\",\"cityId\":\"" + cityId + "\",\"name\":\"Place " + placeId
                + "\",\"category\":\"museum\",\"location\":" + location + ",\"tags\":[\"test\"]"
                + (type.equals("PlaceUpdated") ? ",\"previousLocation\":" + location : "") + "}";
        return publish(PLACE_EVENTS, type, "place-service", placeId, at, data);
    }

    public static String placeDeleted(String placeId, String cityId) throws Exception {
        return publish(PLACE_EVENTS, "PlaceDeleted", "place-service", placeId, Instant.now(),
                "{\"placeId\":\"" + placeId + "\",\"cityId\":\"" + cityId + "\",\"location\":{\"lat\":1.0,\"lon\":1.0}}");
    }

    public static String userDeleted(String userId) throws Exception {
        return publish(USER_EVENTS, "UserDeleted", "user-service", userId, Instant.now(), "{\"userId\":\"" + userId + "\"}");
    }

    /** Publishes one event envelope keyed by its aggregate; returns the event id. */
    public static String publish(String topic, String type, String source, String aggregateId, Instant at, String data)
            throws Exception {
        String id = UUID.randomUUID().toString();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"version\":1,\"source\":\"" + source + "\","
                + "\"aggregateId\":\"" + aggregateId + "\",\"timestamp\":\"" + at + "\",\"data\":" + data + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", PlatformInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId, envelope)).get();
        }
        return id;
    }
}
