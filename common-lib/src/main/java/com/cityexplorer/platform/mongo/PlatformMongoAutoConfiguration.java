package com.cityexplorer.platform.mongo;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Applies {@link MongoPoolSettings} to the MongoDB client Spring Boot creates, and checks the service's own database. */
@AutoConfiguration(after = MongoAutoConfiguration.class, before = MongoHealthContributorAutoConfiguration.class)
@ConditionalOnClass(MongoClientSettings.class)
@EnableConfigurationProperties(MongoPoolSettings.class)
public class PlatformMongoAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoClient.class)
    @ConditionalOnMissingBean(name = { "mongoHealthIndicator", "mongoHealthContributor" })
    HealthIndicator mongoHealthIndicator(MongoClient client,
            @Value("${spring.mongodb.database:${spring.application.name}}") String database, ReplicaLag replicaLag) {
        return new MongoDatabaseHealthIndicator(client, database, replicaLag);
    }

    @Bean
    @ConditionalOnBean(MongoClient.class)
    ReplicaLag replicaLag(MongoClient client, MeterRegistry meterRegistry,
            @Value("${city-explorer.mongodb.replica-lag-interval:15s}") Duration interval) {
        return new ReplicaLag(client, interval, meterRegistry);
    }

    @Bean
    ReadRouting readRouting(@Value("${city-explorer.mongodb.max-staleness:90s}") Duration maxStaleness) {
        return new ReadRouting(maxStaleness);
    }

    @Bean
    MongoClientSettingsBuilderCustomizer platformMongoPoolCustomizer(MongoPoolSettings settings) {
        return builder -> builder
            .applyToConnectionPoolSettings(pool -> pool
                .maxSize(settings.maxPoolSize())
                .minSize(settings.minPoolSize())
                .maxWaitTime(settings.maxWaitTime().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionIdleTime(settings.maxConnectionIdleTime().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionLifeTime(settings.maxConnectionLifeTime().toMillis(), TimeUnit.MILLISECONDS))
            .applyToSocketSettings(socket -> socket
                .connectTimeout((int) settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout((int) settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
            .applyToClusterSettings(cluster -> cluster
                .serverSelectionTimeout(settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
