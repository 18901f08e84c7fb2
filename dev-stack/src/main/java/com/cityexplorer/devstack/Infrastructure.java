package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.infra.EmbeddedKafka;
import com.cityexplorer.infra.EmbeddedMongo;
import com.cityexplorer.infra.EmbeddedRedis;
import com.cityexplorer.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The data stores the services need: embedded ones started here (in this JVM for MongoDB and Kafka,
 * as a child process for Redis), or external ones named in the environment, which are left alone.
 * Exposes them as the standard Spring Boot properties the services read.
 */
final class Infrastructure implements AutoCloseable {

    static final int MONGO_PORT = 27017;
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int REDIS_PORT = 6379;

    private final Map<String, String> serviceProperties = new LinkedHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<ProcessHandle> childProcesses = new ArrayList<>();
    private Path kafkaDir;
    private int kafkaPort;
    private int kafkaControllerPort;
    private EmbeddedKafka kafkaBroker;

    static Infrastructure start(LaunchOptions options, Console console) {
        Infrastructure infrastructure = new Infrastructure();
        try {
            infrastructure.startAll(options, console);
            return infrastructure;
        }
        catch (RuntimeException ex) {
            infrastructure.close();
            throw ex;
        }
    }

    private void startAll(LaunchOptions options, Console console) {
        Path dataDir = options.dataDir();
        CompletableFuture<EmbeddedKafka> kafka = null;
        if (options.externalKafka().isPresent()) {
            console.step("Kafka: using " + options.externalKafka().get() + " (SPRING_KAFKA_BOOTSTRAP_SERVERS)");
        }
        else {
            kafkaDir = dataDir.resolve("kafka");
            kafkaPort = port(options, KAFKA_PORT);
            kafkaControllerPort = port(options, KAFKA_CONTROLLER_PORT);
            // Kafka takes longest; it starts while MongoDB and Redis come up.
            kafka = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(kafkaDir, kafkaPort, kafkaControllerPort));
        }

        if (options.externalMongoUri().isPresent()) {
            console.step("MongoDB: using the server of SPRING_MONGODB_URI");
        }
        else {
            Path file = dataDir.resolve("mongo").resolve("city-explorer.mv");
            EmbeddedMongo mongo = EmbeddedMongo.start(file, port(options, MONGO_PORT));
            started.add(mongo);
            serviceProperties.put("spring.mongodb.uri", mongo.connectionString());
            console.step("MongoDB wire server (mongo-java-server, H2 file " + dataDir.relativize(file) + ") on :" + mongo.port());
        }

        if (options.externalRedisHost().isPresent()) {
            console.step("Redis: using " + options.externalRedisHost().get() + " (SPRING_DATA_REDIS_HOST)");
        }
        else {
            EmbeddedRedis redis = EmbeddedRedis.start(dataDir.resolve("redis"), port(options, REDIS_PORT));
            started.add(redis);
            ProcessHandle.current().children()
                .filter(child -> child.info().command().orElse("").contains("redis-server"))
                .forEach(childProcesses::add);
            serviceProperties.put("spring.data.redis.host", redis.host());
            serviceProperties.put("spring.data.redis.port", String.valueOf(redis.port()));
            console.step("Redis server (append-only file in " + dataDir.relativize(dataDir.resolve("redis")) + ") on :" + redis.port());
        }

        if (kafka != null) {
            EmbeddedKafka broker = kafka.join();
            kafkaBroker = broker;
            started.add(broker);
            awaitKafka(broker.bootstrapServers(), Duration.ofSeconds(60));
            serviceProperties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
            console.step("Kafka broker (KRaft, log in " + dataDir.relativize(dataDir.resolve("kafka")) + ") on :" + broker.port());
        }
    }

    private static int port(LaunchOptions options, int preferred) {
        if (options.randomPorts()) {
            return FreePorts.find();
        }
        if (!FreePorts.isFree(preferred)) {
            throw new IllegalStateException("Port " + preferred + " is already in use. Is City Explorer (or another "
                    + "MongoDB, Kafka or Redis) already running? Stop it, or use --random-ports.");
        }
        return preferred;
    }

    private static void awaitKafka(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers, ex);
        }
    }

    /** Stops the embedded broker (its data stays), to see the platform ride out a Kafka outage. */
    synchronized void stopKafka() {
        if (kafkaBroker == null) {
            throw new IllegalStateException("Kafka is not the embedded broker, or is already stopped");
        }
        started.remove(kafkaBroker);
        kafkaBroker.close();
        kafkaBroker = null;
    }

    /** Starts the embedded broker again, on the same port and data. */
    synchronized void startKafka() {
        if (kafkaBroker != null || kafkaDir == null) {
            throw new IllegalStateException("Kafka is running, or is not the embedded broker");
        }
        kafkaBroker = EmbeddedKafka.start(kafkaDir, kafkaPort, kafkaControllerPort);
        started.add(kafkaBroker);
        awaitKafka(kafkaBroker.bootstrapServers(), Duration.ofSeconds(60));
    }

    /** Properties for every service, as command-line arguments; empty where the environment already points elsewhere. */
    Map<String, String> serviceProperties() {
        return Map.copyOf(serviceProperties);
    }

    /** Processes started for the infrastructure (Redis), so a later launch can stop them if this one is killed. */
    List<ProcessHandle> childProcesses() {
        return List.copyOf(childProcesses);
    }

    static void ensureDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            }
            catch (Exception ex) {
                System.err.println("Could not stop " + started.get(i) + ": " + ex);
            }
        }
        started.clear();
    }
}
