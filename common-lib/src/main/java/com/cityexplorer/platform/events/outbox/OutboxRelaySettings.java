package com.cityexplorer.platform.events.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance runs a relay (every instance does by default)
 * @param interval the pause between passes when the outbox is empty
 * @param batchSize aggregates claimed per collection per pass
 * @param lease how long a claimed aggregate stays with this relay before another may take it over
 * @param sendTimeout how long to wait for Kafka's acknowledgement
 * @param failureBackoff the pause after a failed pass (Kafka or MongoDB unavailable)
 */
@ConfigurationProperties("city-explorer.events.relay")
public record OutboxRelaySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200ms") Duration interval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("2s") Duration failureBackoff) {
}
