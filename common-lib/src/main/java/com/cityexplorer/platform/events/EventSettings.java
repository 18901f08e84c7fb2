package com.cityexplorer.platform.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service publishes and consumes events. Each service owns one events topic (created with
 * explicit partitions and retention) and one dead-letter topic for the events it failed to handle.
 *
 * @param topic the service's events topic, for example {@code ce.places.events}
 * @param deadLetterTopic where events this service could not handle go, with the failure in headers
 * @param partitions partitions of both topics; the ceiling on consumer instances working in parallel
 * @param replicationFactor 1 on a laptop, 3 in production
 * @param retention how long events are kept on the topic
 * @param attempts how many times a failing event is tried before it is dead-lettered
 * @param initialBackoff the wait before the first retry, doubled for each following one
 * @param maxBackoff the longest wait between two retries
 */
@ConfigurationProperties("city-explorer.events")
public record EventSettings(
        String topic,
        String deadLetterTopic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("4") int attempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff) {
}
