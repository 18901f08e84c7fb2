package com.cityexplorer.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Consumer lag per consumer group and topic ({@code ce.kafka.consumer.lag}): how many records the
 * group has yet to process, summed over partitions, as the broker sees it. Unlike the clients' own
 * per-partition metrics this survives rebalances and instance churn, so dashboards and autoscalers
 * (KEDA) can use it. Refreshed on a schedule by one admin client.
 */
class ConsumerLagMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final Map<String, Object> adminConfig;
    private final List<String> groups;
    private final Duration interval;
    private final MeterRegistry meterRegistry;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private volatile Thread worker;
    private volatile boolean running;

    ConsumerLagMetrics(Map<String, Object> adminConfig, List<String> groups, Duration interval, MeterRegistry meterRegistry) {
        this.adminConfig = adminConfig;
        this.groups = groups;
        this.interval = interval;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("consumer-lag-metrics").start(() -> {
            try (Admin admin = Admin.create(adminConfig)) {
                while (running) {
                    refresh(admin);
                    Thread.sleep(interval);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void refresh(Admin admin) {
        for (String group : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<String, Long> byTopic = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    long end = ends.get(partition).offset();
                    long position = offset == null ? 0 : offset.offset();
                    byTopic.merge(partition.topic(), Math.max(0, end - position), Long::sum);
                });
                byTopic.forEach((topic, lag) -> gauge(group, topic).set(lag));
            }
            catch (Exception ex) {
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                log.debug("Could not read the lag of consumer group {}: {}", group, ex.toString());
            }
        }
    }

    private AtomicLong gauge(String group, String topic) {
        return lags.computeIfAbsent(group + "|" + topic, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ce.kafka.consumer.lag", value, AtomicLong::get)
                .tag("group", group).tag("topic", topic)
                .description("Records the consumer group has yet to process")
                .register(meterRegistry);
            return value;
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
