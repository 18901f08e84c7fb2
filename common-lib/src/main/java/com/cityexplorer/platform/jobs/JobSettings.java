package com.cityexplorer.platform.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param criticalWorkers concurrent critical jobs per instance
 * @param normalWorkers concurrent normal jobs per instance
 * @param partitions partitions of each queue topic: the ceiling on workers across all instances
 * @param attempts tries before a job is recorded as failed
 * @param initialBackoff the wait before the first retry, doubled for each following one
 * @param maxRunTime the longest a job may run; past it Kafka hands the job to another worker
 */
@ConfigurationProperties("city-explorer.jobs")
public record JobSettings(
        @DefaultValue("2") int criticalWorkers,
        @DefaultValue("2") int normalWorkers,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("3") int attempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("15m") Duration maxRunTime) {
}
