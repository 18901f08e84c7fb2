package com.cityexplorer.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.benchmarks.OutboxRelayBenchmark.Place;
import com.cityexplorer.benchmarks.OutboxRelayBenchmark.PlaceRenamed;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.events.outbox.OutboxRelay;
import com.cityexplorer.platform.events.outbox.OutboxRelaySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * End-to-end latency of one event, from the moment its write through the outbox returns to the moment
 * a consumer (another process's view: its own consumer group) has read it, while a background load of
 * {@value #BACKGROUND_EVENTS_PER_SECOND} events/s goes through the same outbox and relay (production
 * relay settings). Baseline in the same run: the same event sent straight with the producer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EventLatencyBenchmark {

    static final int BACKGROUND_EVENTS_PER_SECOND = 500;
    static final String TOPIC = "ce.latency.events";

    private BenchmarkInfrastructure infrastructure;
    private KafkaTemplate<String, String> kafka;
    private Outbox outbox;
    private OutboxRelay relay;
    private KafkaConsumer<String, String> consumer;
    private ScheduledExecutorService background;
    private volatile boolean consuming = true;
    private Thread consumerThread;
    private JsonMapper json;
    private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void start() throws Exception {
        infrastructure = new BenchmarkInfrastructure("latency-service", TOPIC);
        MongoTemplate mongo = infrastructure.mongo;
        kafka = infrastructure.kafka;
        json = infrastructure.json;
        outbox = infrastructure.outbox("latency-service");
        // The platform's defaults (OutboxRelaySettings' @DefaultValues).
        relay = new OutboxRelay(mongo, kafka, json, TOPIC, new OutboxRelaySettings(true, Duration.ofMillis(200), 500,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2)), new SimpleMeterRegistry());
        relay.start();

        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", infrastructure.bootstrapServers(),
                "group.id", "latency-consumer", "auto.offset.reset", "latest"), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(Set.of(TOPIC));
        consumerThread = Thread.ofPlatform().name("latency-consumer").start(() -> {
            while (consuming) {
                consumer.poll(Duration.ofMillis(20)).forEach(record -> {
                    String id = json.readTree(record.value()).path("data").path("aggregateId").asString();
                    CompletableFuture<Void> waiting = awaited.remove(id);
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                });
            }
            consumer.close();
        });
        background = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / BACKGROUND_EVENTS_PER_SECOND;
        background.scheduleAtFixedRate(() -> {
            String id = "bg-" + UUID.randomUUID();
            outbox.save(new Place(id, "background", 1), new PlaceRenamed(id, "background", 1));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(2000); // let the consumer join its group before measuring
    }

    @Benchmark
    public void outboxWriteToConsumer() throws Exception {
        String id = "tracked-" + UUID.randomUUID();
        CompletableFuture<Void> received = new CompletableFuture<>();
        awaited.put(id, received);
        outbox.save(new Place(id, "tracked", 1), new PlaceRenamed(id, "tracked", 1));
        received.get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    public void baselineProducerToConsumer() throws Exception {
        String id = "direct-" + UUID.randomUUID();
        CompletableFuture<Void> received = new CompletableFuture<>();
        awaited.put(id, received);
        kafka.send(TOPIC, id, "{\"data\":{\"aggregateId\":\"" + id + "\"}}");
        received.get(30, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
        relay.stop();
        consuming = false;
        consumerThread.join(5000);
        infrastructure.close();
    }
}
