package com.cityexplorer.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.cityexplorer.infra.EmbeddedKafka;
import com.cityexplorer.infra.EmbeddedMongo;
import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What a benchmark runs against: an in-memory MongoDB-wire server, a real KRaft broker with one
 * 6-partition topic, and the clients configured as the platform configures them (acks=all,
 * idempotence, linger 5 ms, lz4: see platform-defaults.properties).
 */
final class BenchmarkInfrastructure implements AutoCloseable {

    final JsonMapper json = JsonMapper.builder().build();
    final EmbeddedMongo embeddedMongo;
    final EmbeddedKafka embeddedKafka;
    final MongoClient client;
    final MongoTemplate mongo;
    final KafkaTemplate<String, String> kafka;

    BenchmarkInfrastructure(String service, String topic) throws Exception {
        embeddedMongo = EmbeddedMongo.start(null, 0);
        embeddedKafka = EmbeddedKafka.start(tempDir(service).resolve("kafka"), FreePorts.find(), FreePorts.find());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", embeddedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        client = MongoClients.create(embeddedMongo.connectionString());
        mongo = new MongoTemplate(client, service);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, embeddedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new StringSerializer()));
    }

    Outbox outbox(String service) {
        return new Outbox(mongo, json, service, new DefaultListableBeanFactory().getBeanProvider(Tracer.class));
    }

    String bootstrapServers() {
        return embeddedKafka.bootstrapServers();
    }

    private static java.nio.file.Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        kafka.destroy();
        client.close();
        embeddedKafka.close();
        embeddedMongo.close();
    }
}
