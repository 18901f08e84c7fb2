package com.cityexplorer.platform.events.outbox;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox and its relay against a real Kafka broker and a MongoDB-wire database without transactions. */
@PlatformIntegrationTest
@TestPropertySource(locations = "classpath:events-test.properties")
class OutboxRelayTest {

    static final String TOPIC = "ce.test.events";

    @org.springframework.data.mongodb.core.mapping.Document("outbox_test_places")
    record Place(@Id String id, String name, int version) {
    }

    @EventType(value = "PlaceRenamed", version = 1)
    record PlaceRenamed(String aggregateId, String name, int version) implements DomainEvent {
    }

    @Autowired
    Outbox outbox;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Test
    void savesTheAggregateWithItsEventInOneDocumentAndRelaysIt() {
        String id = "place-" + UUID.randomUUID();
        outbox.save(new Place(id, "Louvre", 1), new PlaceRenamed(id, "Louvre", 1));

        Document stored = raw(id);
        assertThat(stored.getString("name")).isEqualTo("Louvre");
        assertThat(stored.getList(Outbox.EVENTS, Document.class)).hasSize(1);
        assertThat(stored.get(Outbox.PENDING_SINCE)).isNotNull();

        assertThat(relay(kafka).relayOnce()).isGreaterThanOrEqualTo(1);

        List<ConsumerRecord<String, String>> received = consume(records -> records.size() >= 1, id);
        assertThat(received).hasSize(1);
        JsonNode envelope = json.readTree(received.getFirst().value());
        assertThat(received.getFirst().key()).isEqualTo(id);
        assertThat(envelope.get("type").asString()).isEqualTo("PlaceRenamed");
        assertThat(envelope.get("source").asString()).isEqualTo("test-service");
        assertThat(envelope.get("data").get("name").asString()).isEqualTo("Louvre");
        Document after = raw(id);
        assertThat(after.containsKey(Outbox.EVENTS)).isFalse();
        assertThat(after.containsKey(Outbox.PENDING_SINCE)).isFalse();
    }

    @Test
    void publishesAnAggregatesEventsInTheOrderTheyHappened() {
        String id = "place-" + UUID.randomUUID();
        for (int version = 1; version <= 20; version++) {
            outbox.save(new Place(id, "name " + version, version), new PlaceRenamed(id, "name " + version, version));
        }
        relay(kafka).relayOnce();

        List<ConsumerRecord<String, String>> received = consume(records -> records.size() >= 20, id);
        assertThat(received).extracting(record -> json.readTree(record.value()).get("data").get("version").asInt())
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
    }

    @Test
    void eventsWrittenWhileTheRelayPublishesAreNeitherLostNorDuplicatedNorReordered() {
        String id = "busy-" + UUID.randomUUID();
        OutboxRelay relay = relay(kafka);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int version = 1; version <= 60; version++) {
                outbox.save(new Place(id, "v" + version, version), new PlaceRenamed(id, "v" + version, version));
            }
        });
        while (!writer.isDone()) {
            relay.relayOnce();
        }
        writer.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            relay.relayOnce();
            return !raw(id).containsKey(Outbox.PENDING_SINCE);
        });

        List<ConsumerRecord<String, String>> received = consume(records -> records.size() >= 60, id);
        assertThat(received).extracting(record -> json.readTree(record.value()).get("data").get("version").asInt())
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 60).boxed().toList());
    }

    @Test
    void twoRelaysOverOneOutboxPublishEachEventOnce() {
        String prefix = "pair-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 60; i++) {
            String id = prefix + i;
            outbox.save(new Place(id, "a", 1), new PlaceRenamed(id, "a", 1), new PlaceRenamed(id, "b", 2));
        }
        OutboxRelay first = relay(kafka);
        OutboxRelay second = relay(kafka);

        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> drain(first, prefix));
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> drain(second, prefix));
        int publishedByBoth = one.join() + two.join();

        List<ConsumerRecord<String, String>> received = consume(records -> records.size() >= 120, prefix);
        assertThat(received).hasSize(120);
        assertThat(received.stream().map(record -> json.readTree(record.value()).get("id").asString()).distinct())
            .hasSize(120);
        assertThat(publishedByBoth).isGreaterThanOrEqualTo(120);
    }

    @Test
    void eventsLeasedByARelayThatDiedArePublishedByAnotherOnceTheLeaseExpires() {
        String id = "place-" + UUID.randomUUID();
        outbox.save(new Place(id, "Orsay", 1), new PlaceRenamed(id, "Orsay", 1));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set(Outbox.LEASE_OWNER, "relay-that-died")
            .set(Outbox.KEY, Outbox.leasedKey(System.currentTimeMillis() + 1500)), "outbox_test_places");
        OutboxRelay survivor = relay(kafka);

        survivor.relayOnce();
        assertThat(raw(id).getList(Outbox.EVENTS, Document.class)).as("still leased to the dead relay").hasSize(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            survivor.relayOnce();
            return !raw(id).containsKey(Outbox.EVENTS);
        });
        assertThat(consume(records -> records.size() >= 1, id)).hasSize(1);
    }

    @Test
    void eventsWaitInTheOutboxWhileKafkaIsUnreachableAndGoOutOnceItIsBack() {
        String id = "place-" + UUID.randomUUID();
        outbox.save(new Place(id, "Prado", 1), new PlaceRenamed(id, "Prado", 1));
        KafkaTemplate<String, String> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", "127.0.0.1:" + FreePorts.find(), "max.block.ms", 1000,
                "delivery.timeout.ms", 1500, "request.timeout.ms", 1000), new StringSerializer(), new StringSerializer()));

        assertThatThrownBy(() -> relay(unreachable).relayOnce()).isInstanceOf(IllegalStateException.class);
        Document waiting = raw(id);
        assertThat(waiting.getList(Outbox.EVENTS, Document.class)).hasSize(1);
        assertThat(waiting.containsKey(Outbox.LEASE_OWNER)).as("lease released for the next relay").isFalse();

        relay(kafka).relayOnce();
        assertThat(consume(records -> records.size() >= 1, id)).hasSize(1);
        unreachable.destroy();
    }

    @Test
    void aDeletedAggregateIsATombstoneUntilItsEventIsOutThenDisappears() {
        String id = "place-" + UUID.randomUUID();
        outbox.save(new Place(id, "Tate", 1));
        assertThat(outbox.delete(Place.class, id, new PlaceRenamed(id, null, 2))).isTrue();

        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(id)).addCriteria(Outbox.live()), Place.class)).isFalse();
        assertThat(outbox.delete(Place.class, id, new PlaceRenamed(id, null, 3))).as("already deleted").isFalse();

        relay(kafka).relayOnce();
        assertThat(raw(id)).isNull();
        assertThat(consume(records -> records.size() >= 1, id)).hasSize(1);
    }

    @Test
    void anInsertedAggregateHasOneWinnerAndOnlyItsEventGoesOut() {
        String id = "place-" + UUID.randomUUID();
        outbox.insert(new Place(id, "Rijksmuseum", 1), new PlaceRenamed(id, "Rijksmuseum", 1));
        assertThatThrownBy(() -> outbox.insert(new Place(id, "Second", 1), new PlaceRenamed(id, "Second", 1)))
            .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);

        relay(kafka).relayOnce();
        List<ConsumerRecord<String, String>> received = consume(records -> records.size() >= 1, id);
        assertThat(received).hasSize(1);
        assertThat(json.readTree(received.getFirst().value()).get("data").get("name").asString()).isEqualTo("Rijksmuseum");
        assertThat(raw(id).getString("name")).isEqualTo("Rijksmuseum");
        assertThat(raw(id).containsKey(Outbox.EVENTS)).isFalse();
    }

    @Test
    void eventsWrittenBeforeOutboxKeysExistedGoOutAfterTheStartUpSweep() {
        String id = "place-" + UUID.randomUUID();
        outbox.save(new Place(id, "Uffizi", 1), new PlaceRenamed(id, "Uffizi", 1));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().unset(Outbox.KEY), "outbox_test_places");
        OutboxRelay relay = relay(kafka);

        relay.relayOnce();
        assertThat(raw(id).getList(Outbox.EVENTS, Document.class)).as("unseen without a key").hasSize(1);

        relay.keyOlderEntries();
        relay.relayOnce();
        assertThat(raw(id).containsKey(Outbox.EVENTS)).isFalse();
        assertThat(consume(records -> records.size() >= 1, id)).hasSize(1);
    }

    @Test
    void aRunningRelayPublishesEventsRecordedHereAtOnceRatherThanAtItsNextPass() {
        OutboxRelay relay = new OutboxRelay(mongo, kafka, json, TOPIC, new OutboxRelaySettings(true, Duration.ofMinutes(2), 100,
                Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofMillis(100)), new SimpleMeterRegistry());
        outbox.onEventsRecorded(relay::wake);
        relay.start();
        try {
            String first = "wake-" + UUID.randomUUID();
            outbox.save(new Place(first, "Louvre", 1), new PlaceRenamed(first, "Louvre", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> !raw(first).containsKey(Outbox.PENDING_SINCE));

            // The relay has published it and found nothing more: its next pass is two minutes away.
            String second = "wake-" + UUID.randomUUID();
            outbox.save(new Place(second, "Orsay", 1), new PlaceRenamed(second, "Orsay", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> !raw(second).containsKey(Outbox.PENDING_SINCE));
            assertThat(consume(records -> records.size() >= 1, second)).hasSize(1);
        }
        finally {
            relay.stop();
        }
    }

    private OutboxRelay relay(KafkaTemplate<String, String> template) {
        return new OutboxRelay(mongo, template, json, TOPIC, new OutboxRelaySettings(true, Duration.ofMillis(50), 100,
                Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofMillis(100)), new SimpleMeterRegistry());
    }

    private int drain(OutboxRelay relay, String prefix) {
        int published = 0;
        while (mongo.exists(Query.query(Criteria.where("_id").regex("^" + prefix).and(Outbox.PENDING_SINCE).exists(true)),
                "outbox_test_places")) {
            published += relay.relayOnce();
        }
        return published;
    }

    private Document raw(String id) {
        return mongo.findById(id, Document.class, "outbox_test_places");
    }

    /** The records of the topic whose key starts with {@code keyPrefix}, once there are enough. */
    private static List<ConsumerRecord<String, String>> consume(Predicate<List<ConsumerRecord<String, String>>> enough,
            String keyPrefix) {
        return TopicReader.read(TOPIC, record -> record.key() != null && record.key().startsWith(keyPrefix), enough);
    }
}
