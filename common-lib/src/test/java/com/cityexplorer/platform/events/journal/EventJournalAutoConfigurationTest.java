package com.cityexplorer.platform.events.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.cityexplorer.platform.events.PlatformEventsAutoConfiguration;
import com.cityexplorer.test.PlatformInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal is there for services that name a directory, and only for them; it lives with the context. */
class EventJournalAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformEventsAutoConfiguration.class))
        .withBean(JsonMapper.class, () -> JournalTests.JSON)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("spring.application.name=journal-wiring",
                "spring.kafka.bootstrap-servers=" + PlatformInfrastructure.shared().kafkaBootstrapServers());

    @BeforeAll
    static void topic() {
        JournalTests.createTopic();
    }

    @Test
    void noJournalWithoutADirectory() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventJournal.class));
    }

    @Test
    void aDirectoryGivesARunningJournalWithThePlatformDefaultsThatShipsAndReleasesItsSlotOnClose(@TempDir Path directory)
            throws Exception {
        String run = "wiring-" + UUID.randomUUID();
        runner.withPropertyValues("city-explorer.events.journal.directory=" + directory).run(context -> {
            assertThat(context).hasSingleBean(EventJournal.class);
            assertThat(context.getBean(EventJournalSettings.class)).isEqualTo(new EventJournalSettings(directory,
                    Duration.ofMillis(200), Duration.ofMillis(100), 500, 64L * 1024 * 1024, Duration.ofSeconds(1)));
            EventJournal journal = context.getBean(EventJournal.class);
            assertThat(journal.isRunning()).isTrue();
            assertThat(journal.slotDirectory()).isEqualTo(directory.resolve("slot-0"));

            journal.append(JournalTests.TOPIC, run, JournalTests.envelope(run, run, 0, null));
            assertThat(JournalTests.read(run, 1)).hasSize(1);
            assertThat(context.getBean(MeterRegistry.class).get("ce.journal.shipped").counter().count()).isEqualTo(1);
        });
        try (JournalSlot slot = JournalSlot.tryLock(directory.resolve("slot-0"))) {
            assertThat(slot).as("released when the context closed").isNotNull();
        }
    }
}
