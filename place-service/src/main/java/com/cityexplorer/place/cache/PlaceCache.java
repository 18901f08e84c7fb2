package com.cityexplorer.place.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.place.PlaceView;

/**
 * Hot places in this instance's memory (Caffeine), so a popular place costs no database read. Correct
 * while instances come and go because every change evicts the entry on every instance, twice over:
 * <ul>
 * <li>at once, through Redis pub/sub: the writing instance publishes the place's id as soon as the
 * change is saved, so the next read anywhere sees it;</li>
 * <li>durably, through the place's events on Kafka, read by each instance in its own consumer group:
 * an instance that missed the message (disconnected, restarting) still evicts.</li>
 * </ul>
 * Entries also expire after {@code ttl}, a backstop only. Concurrent misses for one place load it once
 * (Caffeine computes each key once), so an expiring hot key does not stampede the database.
 * Hits, misses and evictions are metrics ({@code cache.gets{cache=places,result=hit|miss}}).
 */
@Component
public class PlaceCache {

    static final String CHANNEL = "ce:cache-invalidations:places";

    private final Cache<String, Optional<PlaceView>> places;
    private final StringRedisTemplate redis;

    PlaceCache(MeterRegistry meterRegistry, StringRedisTemplate redis, RedisMessageListenerContainer listeners) {
        this.places = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .recordStats()
            .build();
        this.redis = redis;
        CaffeineCacheMetrics.monitor(meterRegistry, places, "places");
        listeners.addMessageListener((message, pattern) -> places.invalidate(new String(message.getBody(),
                java.nio.charset.StandardCharsets.UTF_8)), ChannelTopic.of(CHANNEL));
    }

    public Optional<PlaceView> get(String id, Function<String, Optional<PlaceView>> load) {
        return places.get(id, load);
    }

    /** Evicts a changed place here and, through Redis, on every other instance. */
    public void changed(String id) {
        places.invalidate(id);
        try {
            redis.convertAndSend(CHANNEL, id);
        }
        catch (RuntimeException ex) {
            // The place's event evicts it everywhere shortly; the write itself has succeeded.
        }
    }

    @KafkaListener(topics = "ce.place.events", groupId = "${spring.application.name}-cache-${random.uuid}",
            properties = "auto.offset.reset=latest")
    void on(ConsumerRecord<String, String> record) {
        if (record.key() != null) {
            places.invalidate(record.key());
        }
    }
}
