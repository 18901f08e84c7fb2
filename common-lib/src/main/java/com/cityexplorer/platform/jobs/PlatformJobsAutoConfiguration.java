package com.cityexplorer.platform.jobs;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.cityexplorer.platform.events.PlatformEventsAutoConfiguration;
import com.cityexplorer.platform.events.outbox.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The job processor for services that define {@link JobHandler}s: one queue topic per priority, a
 * bounded pool of workers for each, and {@link JobQueue} to submit jobs and read their status.
 */
@AutoConfiguration(after = PlatformEventsAutoConfiguration.class)
@ConditionalOnClass({ ConcurrentKafkaListenerContainerFactory.class, MongoTemplate.class })
@ConditionalOnBean({ Outbox.class, JobHandler.class })
@EnableConfigurationProperties(JobSettings.class)
public class PlatformJobsAutoConfiguration {

    @Bean
    JobQueue jobQueue(Outbox outbox, MongoTemplate mongo, JsonMapper jsonMapper,
            @Value("${spring.application.name}") String service, MeterRegistry meterRegistry) {
        Gauge.builder("ce.jobs.queued", () -> mongo.count(Query.query(Criteria.where("status").is(JobStatus.QUEUED)), Job.class))
            .register(meterRegistry);
        return new JobQueue(outbox, mongo, jsonMapper, service);
    }

    @Bean
    JobWorker jobWorker(MongoTemplate mongo, JsonMapper jsonMapper, List<JobHandler> handlers, JobSettings settings,
            MeterRegistry meterRegistry) {
        return new JobWorker(mongo, jsonMapper, handlers, settings, meterRegistry);
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaAdmin.NewTopics jobTopics(JobSettings settings, @Value("${spring.application.name}") String service) {
        return new KafkaAdmin.NewTopics(
                new NewTopic(JobQueue.topic(service, JobPriority.CRITICAL), settings.partitions(), settings.replicationFactor()),
                new NewTopic(JobQueue.topic(service, JobPriority.NORMAL), settings.partitions(), settings.replicationFactor()));
    }

    @Bean
    ConcurrentMessageListenerContainer<?, ?> criticalJobWorkers(
            @Qualifier("kafkaListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            JobWorker worker, JobSettings settings, @Value("${spring.application.name}") String service) {
        return workers(factory, worker, settings, service, JobPriority.CRITICAL, settings.criticalWorkers());
    }

    @Bean
    ConcurrentMessageListenerContainer<?, ?> normalJobWorkers(
            @Qualifier("kafkaListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            JobWorker worker, JobSettings settings, @Value("${spring.application.name}") String service) {
        return workers(factory, worker, settings, service, JobPriority.NORMAL, settings.normalWorkers());
    }

    private static ConcurrentMessageListenerContainer<?, ?> workers(ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            JobWorker worker, JobSettings settings, String service, JobPriority priority, int workers) {
        ConcurrentMessageListenerContainer<?, ?> container = factory.createContainer(JobQueue.topic(service, priority));
        container.getContainerProperties().setGroupId(service + "-jobs");
        container.getContainerProperties().setMessageListener(worker);
        Properties consumer = new Properties();
        // One job at a time per worker; a worker silent for longer than a job may run is presumed dead.
        consumer.putAll(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1",
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(settings.maxRunTime().toMillis())));
        container.getContainerProperties().setKafkaConsumerProperties(consumer);
        container.setConcurrency(workers);
        return container;
    }
}
