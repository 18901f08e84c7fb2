package com.cityexplorer.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.events.outbox.OutboxRelay;
import com.cityexplorer.platform.events.outbox.OutboxRelaySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Events per second one outbox relay publishes from a MongoDB-wire database to a real Kafka broker
 * (acks=all, idempotent), against the same events sent straight with the same producer: the ceiling
 * the relay's own work (claiming, reading, clearing) is compared with. Also the cost of saving an
 * aggregate through the outbox against a plain save. The collection also holds 100,000 aggregates
 * without pending events, as a service's real collections do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboxRelayBenchmark {

    static final int EVENTS = 5_000;
    /** Aggregates without pending events in the same collection: a pass must not cost more because of them. */
    static final int IDLE = 100_000;
    static final String TOPIC = "ce.bench.events";

    @org.springframework.data.mongodb.core.mapping.Document("bench_places")
    public record Place(@Id String id, String name, int version) {
    }

    @EventType("PlaceRenamed")
    public record PlaceRenamed(String aggregateId, String name, int version) implements DomainEvent {
    }

    private BenchmarkInfrastructure infrastructure;
    private MongoTemplate mongo;
    private KafkaTemplate<String, String> kafka;
    private Outbox outbox;
    private OutboxRelay relay;
    private JsonMapper json;
    private List<String> payloads;

    @Setup(Level.Trial)
    public void startInfrastructure() throws Exception {
        infrastructure = new BenchmarkInfrastructure("bench-service", TOPIC);
        mongo = infrastructure.mongo;
        kafka = infrastructure.kafka;
        json = infrastructure.json;
        outbox = infrastructure.outbox("bench-service");
        relay = new OutboxRelay(mongo, kafka, json, TOPIC, new OutboxRelaySettings(true, Duration.ofMillis(50), 500,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(100)), new SimpleMeterRegistry());
        if (mongo.collectionExists(Place.class)) {
            mongo.dropCollection(Place.class);
        }
        List<Place> idle = new ArrayList<>();
        for (int i = 0; i < IDLE; i++) {
            idle.add(new Place("idle-" + i, "name", 1));
            if (idle.size() == 5_000) {
                mongo.insertAll(idle);
                idle.clear();
            }
        }
        payloads = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            payloads.add(json.writeValueAsString(new PlaceRenamed("p" + i, "name " + i, 1)));
        }
    }

    /** Fills the outbox with one event on each of {@link #EVENTS} aggregates before every relay measurement. */
    @Setup(Level.Invocation)
    public void fillOutbox() {
        // The collection keeps growing (100,000 idle aggregates, then 5,000 more per measurement): the
        // relay finds pending events through the outbox key's index, not by scanning.
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < EVENTS; i++) {
            String id = run + "-" + i;
            outbox.save(new Place(id, "name", 1), new PlaceRenamed(id, "name", 1));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int relayPublishesTheOutbox() {
        int published = 0;
        while (published < EVENTS) {
            published += relay.relayOnce();
        }
        return published;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int baselineProducerSendsDirectly() throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            acks.add(kafka.send(TOPIC, "p" + i, payloads.get(i)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return acks.size();
    }

    @TearDown(Level.Trial)
    public void stopInfrastructure() {
        infrastructure.close();
    }
}
