package com.cityexplorer.platform.events;

import java.util.Map;

import com.cityexplorer.platform.events.journal.EventJournal;
import com.cityexplorer.platform.events.journal.EventJournalSettings;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.events.outbox.OutboxRelay;
import com.cityexplorer.platform.events.outbox.OutboxRelaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The consuming half of the event backbone for every service that has Kafka and MongoDB: its topics
 * declared with explicit partitions and retention, idempotent handling, and retries with exponential
 * back-off that end in the service's dead-letter topic, so one poison event never blocks a partition.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@ConditionalOnClass({ KafkaTemplate.class, MongoTemplate.class })
@EnableConfigurationProperties({ EventSettings.class, OutboxRelaySettings.class, EventJournalSettings.class })
public class PlatformEventsAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean
    Outbox outbox(MongoTemplate mongo, JsonMapper jsonMapper, @Value("${spring.application.name}") String service,
            ObjectProvider<Tracer> tracer) {
        return new Outbox(mongo, jsonMapper, service, tracer);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    @SuppressWarnings("unchecked")
    SeedAnnouncer seedAnnouncer(KafkaTemplate<?, ?> kafka, JsonMapper jsonMapper, EventSettings settings,
            @Value("${spring.application.name}") String service) {
        return new SeedAnnouncer((KafkaTemplate<String, String>) kafka, jsonMapper, EventTopics.events(settings, service), service);
    }

    @Bean
    @ConditionalOnBean({ MongoTemplate.class, KafkaTemplate.class })
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "city-explorer.events.relay.enabled", matchIfMissing = true)
    @SuppressWarnings("unchecked")
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<?, ?> kafka, JsonMapper jsonMapper, EventSettings settings,
            OutboxRelaySettings relaySettings, @Value("${spring.application.name}") String service,
            MeterRegistry meterRegistry, ObjectProvider<Outbox> outbox) {
        OutboxRelay relay = new OutboxRelay(mongo, (KafkaTemplate<String, String>) kafka, jsonMapper,
                EventTopics.events(settings, service), relaySettings, meterRegistry);
        outbox.ifAvailable(recorder -> recorder.onEventsRecorded(relay::wake));
        return relay;
    }

    /**
     * The local event journal, for services that set {@code city-explorer.events.journal.directory}: events
     * appended to a file at once and shipped to Kafka in the background (see {@link EventJournal}).
     */
    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "city-explorer.events.journal.directory")
    @SuppressWarnings("unchecked")
    EventJournal eventJournal(KafkaTemplate<?, ?> kafka, JsonMapper jsonMapper, EventJournalSettings journalSettings,
            MeterRegistry meterRegistry) {
        return new EventJournal((KafkaTemplate<String, String>) kafka, jsonMapper, journalSettings, meterRegistry);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @SuppressWarnings("unchecked")
    DeadLetterEndpoint deadLetterEndpoint(KafkaProperties kafkaProperties, KafkaTemplate<?, ?> kafka,
            EventSettings settings, @Value("${spring.application.name}") String service) {
        return new DeadLetterEndpoint(kafkaProperties.buildConsumerProperties(), (KafkaTemplate<String, String>) kafka,
                EventTopics.deadLetters(settings, service));
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaAdmin.NewTopics platformEventTopics(EventSettings settings, @Value("${spring.application.name}") String service) {
        Map<String, String> config = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.retention().toMillis()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, settings.replicationFactor())));
        return new KafkaAdmin.NewTopics(
                new NewTopic(EventTopics.events(settings, service), settings.partitions(), settings.replicationFactor())
                    .configs(config),
                new NewTopic(EventTopics.deadLetters(settings, service), settings.partitions(), settings.replicationFactor())
                    .configs(config));
    }

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnMissingBean
    IdempotentEventHandler idempotentEventHandler(MongoTemplate mongo, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
        return new IdempotentEventHandler(new ProcessedEvents(mongo), jsonMapper, meterRegistry);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler platformEventErrorHandler(KafkaTemplate<?, ?> kafkaTemplate, EventSettings settings,
            @Value("${spring.application.name}") String service, MeterRegistry meterRegistry) {
        String deadLetterTopic = EventTopics.deadLetters(settings, service);
        // Partition -1: the producer partitions by the record's key, so one aggregate's failures stay together.
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, failure) -> new TopicPartition(deadLetterTopic, -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(Math.max(0, settings.attempts() - 1));
        backOff.setInitialInterval(settings.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
                // Called for every failed delivery, the last one and never-retried ones included.
                if (deliveryAttempt < settings.attempts() && !isInvalidEvent(failure)) {
                    meterRegistry.counter("ce.events.retried", "topic", record.topic()).increment();
                }
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
                meterRegistry.counter("ce.events.dead_lettered", "topic", record.topic()).increment();
            }
        });
        return handler;
    }

    private static boolean isInvalidEvent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return true;
            }
        }
        return false;
    }
}
