package com.cityexplorer.platform.mongo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service writes its seed data (the catalogs it imports on first start).
 *
 * @param batchSize documents per insert: small enough that one batch finishes well within the socket
 *     read timeout on a busy database
 * @param retryTimeout how long one batch keeps being retried while MongoDB is unreachable or too slow,
 *     before the start fails
 */
@ConfigurationProperties("city-explorer.mongodb.seed")
public record SeedSettings(@DefaultValue("250") int batchSize, @DefaultValue("2m") Duration retryTimeout) {

    public SeedSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("city-explorer.mongodb.seed.batch-size must be at least 1, not " + batchSize);
        }
    }
}
