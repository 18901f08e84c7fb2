package com.cityexplorer.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.cityexplorer.infra.EmbeddedKafka;
import com.cityexplorer.infra.EmbeddedMongo;
import com.cityexplorer.infra.EmbeddedRedis;
import com.cityexplorer.infra.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real infrastructure an integration test talks to: a Kafka broker, a Redis server and a
 * MongoDB-wire database, started once per test JVM (one Maven module) and shared by its test classes.
 * <p>
 * {@code CITY_EXPLORER_TEST_INFRA} chooses: {@code containers} (Testcontainers: MongoDB 8 as a
 * single-node replica set, Apache Kafka, Redis; fails when Docker is missing), {@code embedded}
 * (mongo-java-server, a KRaft broker from the Kafka jars, the embedded-redis binary), or
 * {@code auto}, the default: containers when a Docker daemon answers, embedded otherwise.
 * Nothing is ever skipped: a forced mode that cannot start fails the tests.
 */
public final class PlatformInfrastructure {

    public static final String MODE_VARIABLE = "CITY_EXPLORER_TEST_INFRA";
    static final String MONGO_IMAGE = "mongo:8.0";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String REDIS_IMAGE = "redis:8.2-alpine";

    private static final Logger log = LoggerFactory.getLogger(PlatformInfrastructure.class);
    private static volatile PlatformInfrastructure shared;

    public enum Mode { EMBEDDED, CONTAINERS }

    private final Mode mode;
    private final String mongoUri;
    private final String kafkaBootstrapServers;
    private final String redisHost;
    private final int redisPort;

    private PlatformInfrastructure(Mode mode, String mongoUri, String kafkaBootstrapServers, String redisHost,
            int redisPort) {
        this.mode = mode;
        this.mongoUri = mongoUri;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
    }

    /** The infrastructure of this test JVM, started on first use and stopped when the JVM exits. */
    public static PlatformInfrastructure shared() {
        PlatformInfrastructure current = shared;
        if (current == null) {
            synchronized (PlatformInfrastructure.class) {
                if (shared == null) {
                    shared = start(chooseMode(System.getenv(MODE_VARIABLE)));
                }
                current = shared;
            }
        }
        return current;
    }

    static Mode chooseMode(String requested) {
        String value = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "embedded" -> Mode.EMBEDDED;
            case "containers", "testcontainers", "docker" -> Mode.CONTAINERS;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable() ? Mode.CONTAINERS : Mode.EMBEDDED;
            default -> throw new IllegalArgumentException(
                    MODE_VARIABLE + " must be auto, embedded or containers, not '" + requested + "'");
        };
    }

    private static PlatformInfrastructure start(Mode mode) {
        long started = System.nanoTime();
        PlatformInfrastructure infrastructure = mode == Mode.CONTAINERS ? startContainers() : startEmbedded();
        log.info("Test infrastructure ({}) ready in {} ms: mongo={} kafka={} redis={}:{}", mode,
                (System.nanoTime() - started) / 1_000_000, infrastructure.mongoUri,
                infrastructure.kafkaBootstrapServers, infrastructure.redisHost, infrastructure.redisPort);
        return infrastructure;
    }

    private static PlatformInfrastructure startEmbedded() {
        try {
            Path dataDir = Files.createTempDirectory("city-explorer-test-");
            EmbeddedMongo mongo = EmbeddedMongo.start(null, 0);
            EmbeddedRedis redis = EmbeddedRedis.start(null, FreePorts.find());
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), FreePorts.find(), FreePorts.find());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeQuietly(kafka);
                closeQuietly(redis);
                closeQuietly(mongo);
            }, "test-infrastructure-shutdown"));
            return new PlatformInfrastructure(Mode.EMBEDDED, mongo.connectionString(), kafka.bootstrapServers(),
                    redis.host(), redis.port());
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
    private static PlatformInfrastructure startContainers() {
        MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(MONGO_IMAGE)).withReplicaSet();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        java.util.stream.Stream.of(mongo, kafka, redis).parallel().forEach(GenericContainer::start);
        return new PlatformInfrastructure(Mode.CONTAINERS, mongo.getReplicaSetUrl().replaceAll("/test$", ""),
                kafka.getBootstrapServers(), redis.getHost(), redis.getMappedPort(6379));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            log.warn("Could not stop {}: {}", closeable, ex.toString());
        }
    }

    public Mode mode() {
        return mode;
    }

    /** A connection string without a database: each service names its own database. */
    public String mongoUri() {
        return mongoUri;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String redisHost() {
        return redisHost;
    }

    public int redisPort() {
        return redisPort;
    }

    /** The standard Spring Boot properties that point an application at this infrastructure. */
    public Map<String, Object> springProperties() {
        return Map.of(
                "spring.mongodb.uri", mongoUri,
                "spring.kafka.bootstrap-servers", kafkaBootstrapServers,
                "spring.data.redis.host", redisHost,
                "spring.data.redis.port", redisPort,
                "city-explorer.identity.verification-keys", TestIdentity.verificationKey(),
                "city-explorer.gateway.identity.signing-key", TestIdentity.signingKey());
    }
}
