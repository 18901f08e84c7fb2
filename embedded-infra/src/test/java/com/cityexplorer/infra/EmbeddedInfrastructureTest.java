package com.cityexplorer.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTest {

    @TempDir
    Path dataDir;

    @Test
    void mongoKeepsDocumentsAcrossRestartWithTheH2Backend() {
        Path file = dataDir.resolve("mongo/data.mv");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("place-service").getCollection("places").insertOne(new Document("_id", "eiffel"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, 0);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase("place-service").getCollection("places").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void redisKeepsKeysAcrossRestart() {
        int port = FreePorts.find();
        Path redisDir = dataDir.resolve("redis");
        try (EmbeddedRedis redis = EmbeddedRedis.start(redisDir, port)) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("session:1", "alice");
            }
            finally {
                client.shutdown();
            }
        }
        try (EmbeddedRedis redis = EmbeddedRedis.start(redisDir, port)) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().get("session:1")).isEqualTo("alice");
            }
            finally {
                client.shutdown();
            }
        }
    }

    @Test
    void kafkaDeliversRecordsAndKeepsTopicsAcrossRestart() throws Exception {
        Path logDir = dataDir.resolve("kafka");
        int port = FreePorts.find();
        int controllerPort = FreePorts.find();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, port, controllerPort);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("ce.test.events", 3, (short) 1))).all().get();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "acks", "all", "enable.idempotence", true), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("ce.test.events", "place-1", "created")).get();
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, port, controllerPort);
                var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                        "group.id", "test", "auto.offset.reset", "earliest"), new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(Set.of("ce.test.events"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.count()).isEqualTo(1);
            assertThat(records.iterator().next().value()).isEqualTo("created");
        }
    }
}
