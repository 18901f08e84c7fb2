package com.cityexplorer.platform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * Makes {@link EvictedEverywhereCache}s: subscribes each to its Redis channel, and gives each a Kafka
 * consumer of the aggregate's events in a group of this instance's own (reading only what arrives
 * from now on), whose record keys (aggregate ids) are evicted.
 */
public class EvictedEverywhereCaches implements DisposableBean {

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer redisListeners;
    private final MeterRegistry meterRegistry;
    private final Map<String, Object> kafkaProperties;
    private final String applicationName;
    private final List<KafkaMessageListenerContainer<String, String>> consumers = new ArrayList<>();

    EvictedEverywhereCaches(StringRedisTemplate redis, RedisMessageListenerContainer redisListeners, MeterRegistry meterRegistry,
            Map<String, Object> kafkaProperties, String applicationName) {
        this.redis = redis;
        this.redisListeners = redisListeners;
        this.meterRegistry = meterRegistry;
        this.kafkaProperties = kafkaProperties;
        this.applicationName = applicationName;
    }

    /** A cache named {@code name}, evicted by the keys of the records on {@code eventsTopic}. */
    public <V> EvictedEverywhereCache<V> create(String name, String eventsTopic, long maximumSize, Duration ttl) {
        EvictedEverywhereCache<V> cache = new EvictedEverywhereCache<>(name, maximumSize, ttl, redis);
        CaffeineCacheMetrics.monitor(meterRegistry, cache.entries(), name);
        redisListeners.addMessageListener((message, pattern) -> cache.evict(message.getBody()), ChannelTopic.of(cache.channel()));

        Map<String, Object> properties = new java.util.HashMap<>(kafkaProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, applicationName + "-cache-" + name + "-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        ContainerProperties container = new ContainerProperties(eventsTopic);
        container.setMessageListener((MessageListener<String, String>) record -> {
            if (record.key() != null) {
                cache.evict(record.key());
            }
        });
        KafkaMessageListenerContainer<String, String> consumer = new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(), new StringDeserializer()), container);
        consumer.setBeanName(applicationName + "-cache-" + name);
        consumer.start();
        synchronized (consumers) {
            consumers.add(consumer);
        }
        return cache;
    }

    @Override
    public void destroy() {
        synchronized (consumers) {
            consumers.forEach(KafkaMessageListenerContainer::stop);
        }
    }
}
