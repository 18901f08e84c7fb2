package com.cityexplorer.platform.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.cityexplorer.infra.EmbeddedKafka;
import com.cityexplorer.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service started while the broker was down gets its topics once the broker is up. */
class TopicCreationTest {

    @Test
    void createsTheTopicsOnceTheBrokerAnswers() throws Exception {
        int port = FreePorts.find();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
        KafkaAdmin kafkaAdmin = new KafkaAdmin(config);
        kafkaAdmin.setOperationTimeout(2);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(KafkaAdmin.class, () -> kafkaAdmin);
            context.registerBean("events", NewTopic.class, () -> new NewTopic("ce.test.events", 2, (short) 1));
            context.registerBean(TopicCreation.class, () -> new TopicCreation(kafkaAdmin, Duration.ofMillis(500)));
            context.refresh(); // KafkaAdmin's own attempt fails here: no broker yet

            TopicCreation creation = context.getBean(TopicCreation.class);
            assertThat(creation.isRunning()).isTrue();

            Path logDir = Files.createTempDirectory("topic-creation-");
            try (EmbeddedKafka broker = EmbeddedKafka.start(logDir.resolve("kafka"), port, FreePorts.find());
                    Admin admin = Admin.create(config)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        admin.listTopics().names().get(5, TimeUnit.SECONDS)).contains("ce.test.events"));
                await().atMost(Duration.ofSeconds(10)).until(creation::done);
            }
        }
    }
}
