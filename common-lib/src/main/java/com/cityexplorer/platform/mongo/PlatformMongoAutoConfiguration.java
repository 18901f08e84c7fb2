package com.cityexplorer.platform.mongo;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/** Applies {@link MongoPoolSettings} to the MongoDB client Spring Boot creates. */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClientSettings.class)
@EnableConfigurationProperties(MongoPoolSettings.class)
public class PlatformMongoAutoConfiguration {

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
