package com.cityexplorer.platform.mongo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection-pool and timeout settings for a service's MongoDB client. Explicit so that many
 * instances times {@code maxSize} stays within what the database accepts, and so a slow or absent
 * database fails a request in seconds instead of the driver's 30-second defaults.
 */
@ConfigurationProperties("city-explorer.mongodb")
public record MongoPoolSettings(
        @DefaultValue("50") int maxPoolSize,
        @DefaultValue("2") int minPoolSize,
        @DefaultValue("2s") Duration maxWaitTime,
        @DefaultValue("60s") Duration maxConnectionIdleTime,
        @DefaultValue("30m") Duration maxConnectionLifeTime,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("5s") Duration serverSelectionTimeout) {
}
