package com.cityexplorer.platform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

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
    private final JsonMapper json;
    private final List<KafkaMessageListenerContainer<String, String>> consumers = new ArrayList<>();

    EvictedEverywhereCaches(StringRedisTemplate redis, RedisMessageListenerContainer redisListeners, MeterRegistry meterRegistry,
            Map<String, Object> kafkaProperties, String applicationName, JsonMapper json) {
        this.redis = redis;
        this.redisListeners = redisListeners;
        this.meterRegistry = meterRegistry;
        this.kafkaProperties = kafkaProperties;
        this.applicationName = applicationName;
        // Tolerant: an entry written by another version of the service, with a field more or less, still reads.
        this.json = com.cityexplorer.platform.events.EventEnvelope.tolerantReader(json);
    }

    /** A cache named {@code name}, evicted by the keys of the records on {@code eventsTopic}. */
    public <V> EvictedEverywhereCache<V> create(String name, String eventsTopic, long maximumSize, Duration ttl) {
        return create(name, eventsTopic, maximumSize, value -> 1, ttl, record -> record.key() == null ? List.of() : List.of(record.key()));
    }

    /**
     * A cache like {@link #create(String, String, long, Duration)} whose memory is backed by Redis
     * (values stored as JSON of {@code type}), shared by every instance.
     */
    public <V> EvictedEverywhereCache<V> createShared(String name, String eventsTopic, long maximumSize, Duration ttl, Class<V> type) {
        SharedTier<V> shared = new SharedTier<>(name, redis, json, json.getTypeFactory().constructType(type), ttl, meterRegistry);
        return create(name, eventsTopic, maximumSize, value -> 1, ttl,
                record -> record.key() == null ? List.of() : List.of(record.key()), shared);
    }

    /**
     * A cache whose size is bounded by the total weight of its values (for values of very different
     * sizes), evicted by the keys {@code keysToEvict} finds in each record on {@code eventsTopic} (for
     * caches not keyed by the aggregate id).
     */
    public <V> EvictedEverywhereCache<V> create(String name, String eventsTopic, long maximumWeight, ToIntFunction<V> weigher,
            Duration ttl, Function<ConsumerRecord<String, String>, Collection<String>> keysToEvict) {
        return create(name, eventsTopic, maximumWeight, weigher, ttl, keysToEvict, null);
    }

    private <V> EvictedEverywhereCache<V> create(String name, String eventsTopic, long maximumWeight, ToIntFunction<V> weigher,
            Duration ttl, Function<ConsumerRecord<String, String>, Collection<String>> keysToEvict, SharedTier<V> shared) {
        EvictedEverywhereCache<V> cache = new EvictedEverywhereCache<>(name, maximumWeight, weigher, ttl, redis, shared);
        CaffeineCacheMetrics.monitor(meterRegistry, cache.entries(), name);
        redisListeners.addMessageListener((message, pattern) -> cache.evict(message.getBody()), ChannelTopic.of(cache.channel()));

        Map<String, Object> properties = new java.util.HashMap<>(kafkaProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, applicationName + "-cache-" + name + "-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        ContainerProperties container = new ContainerProperties(eventsTopic);
        container.setMessageListener((MessageListener<String, String>) record -> {
            try {
                keysToEvict.apply(record).forEach(cache::evictEverywhere);
            }
            catch (RuntimeException ex) {
                // An unreadable record evicts nothing more; the change's Redis message and the expiry remain.
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
