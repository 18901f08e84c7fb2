package com.cityexplorer.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka health, consumer lag metrics and topic creation retried until the broker answers, for every service that
 * uses Kafka; the client defaults live in platform-defaults.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaAdmin.class, HealthIndicator.class })
public class PlatformKafkaAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnProperty(name = "management.health.kafka.enabled", matchIfMissing = true)
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-" + config.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, "probe"));
        return new KafkaHealthIndicator(config, Duration.ofSeconds(3));
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    TopicCreation topicCreation(KafkaAdmin kafkaAdmin,
            @Value("${city-explorer.kafka.topic-creation-retry-interval:15s}") Duration interval) {
        return new TopicCreation(kafkaAdmin, interval);
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnProperty(name = "city-explorer.kafka.lag-metrics.enabled", matchIfMissing = true)
    ConsumerLagMetrics consumerLagMetrics(KafkaAdmin kafkaAdmin, MeterRegistry meterRegistry,
            @Value("${spring.kafka.consumer.group-id}") String group,
            @Value("${city-explorer.kafka.lag-metrics.interval:15s}") Duration interval) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lag-" + config.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, "metrics"));
        // The service's event consumers and its job workers (JobQueue uses "<group>-jobs").
        return new ConsumerLagMetrics(config, List.of(group, group + "-jobs"), interval, meterRegistry);
    }
}
