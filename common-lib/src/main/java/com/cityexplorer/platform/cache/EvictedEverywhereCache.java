package com.cityexplorer.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A cache of one aggregate type in this instance's memory (Caffeine) that stays correct while
 * instances come and go: every change evicts the entry on every instance, twice over.
 * <ul>
 * <li>At once, through Redis pub/sub: the writing instance calls {@link #changed} as soon as the change
 * is saved, so the next read anywhere sees it.</li>
 * <li>Durably, through the aggregate's events on Kafka, read by each instance in a consumer group of its
 * own: an instance that missed the Redis message (disconnected, restarting) still evicts.</li>
 * </ul>
 * Entries also expire after a while, as a backstop only. Concurrent misses for one key load it once
 * (Caffeine computes each key once), so an expiring hot key does not stampede the database. Hits,
 * misses and evictions are metrics: {@code cache.gets{cache=<name>,result=hit|miss}}.
 * Made by {@link EvictedEverywhereCaches#create}.
 */
public final class EvictedEverywhereCache<V> {

    private final String name;
    private final Cache<String, Optional<V>> entries;
    private final StringRedisTemplate redis;

    EvictedEverywhereCache(String name, long maximumSize, Duration ttl, StringRedisTemplate redis) {
        this.name = name;
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).recordStats().build();
        this.redis = redis;
    }

    /** The value for {@code key}, loaded (once, however many ask at the same time) when not in memory. */
    public Optional<V> get(String key, Function<String, Optional<V>> load) {
        return entries.get(key, load);
    }

    /** Puts a value in ahead of demand (warming). */
    public void put(String key, V value) {
        entries.put(key, Optional.of(value));
    }

    /** Evicts a changed entry here and, through Redis, on every other instance. */
    public void changed(String key) {
        entries.invalidate(key);
        try {
            redis.convertAndSend(channel(), key);
        }
        catch (RuntimeException ex) {
            // The change's event evicts it everywhere shortly; the write itself has succeeded.
        }
    }

    void evict(String key) {
        entries.invalidate(key);
    }

    void evict(byte[] key) {
        entries.invalidate(new String(key, StandardCharsets.UTF_8));
    }

    String channel() {
        return "ce:cache-invalidations:" + name;
    }

    Cache<String, Optional<V>> entries() {
        return entries;
    }

    String name() {
        return name;
    }
}
