package com.cityexplorer.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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
 * With a {@link SharedTier} (made by {@link EvictedEverywhereCaches#createShared}), memory is backed by
 * Redis, shared by all instances; a change deletes the Redis entry first, and its event deletes it
 * once more. Entries also expire after a while, as a backstop only. Concurrent misses for one key load it once
 * (Caffeine computes each key once), so an expiring hot key does not stampede the database. Hits,
 * misses and evictions are metrics: {@code cache.gets{cache=<name>,result=hit|miss}}.
 * Made by {@link EvictedEverywhereCaches#create}.
 */
public final class EvictedEverywhereCache<V> {

    private final String name;
    private final Cache<String, Optional<V>> entries;
    private final StringRedisTemplate redis;
    private final SharedTier<V> shared;
    /** When each recently changed key was last evicted here, so a bulk load begun before does not put the old value back. */
    private final Cache<String, Long> evictedAt;

    EvictedEverywhereCache(String name, long maximumWeight, ToIntFunction<V> weigher, Duration ttl, StringRedisTemplate redis,
            SharedTier<V> shared) {
        this.name = name;
        this.entries = Caffeine.newBuilder()
            .maximumWeight(maximumWeight)
            .<String, Optional<V>>weigher((key, value) -> value.map(weigher::applyAsInt).orElse(1))
            .expireAfterWrite(ttl)
            .recordStats()
            .build();
        this.redis = redis;
        this.shared = shared;
        this.evictedAt = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();
    }

    /** The value for {@code key}, loaded (once, however many ask at the same time) when not in memory. */
    public Optional<V> get(String key, Function<String, Optional<V>> load) {
        return entries.get(key, shared == null ? load : missing -> shared.get(missing, load));
    }

    /**
     * The values for {@code keys} (absent ones omitted), loading all that are not in memory with one call
     * of {@code loadMissing}, which returns what it found; keys it leaves out are remembered as absent.
     */
    public Map<String, V> getAll(Collection<String> keys, Function<Set<String>, Map<String, V>> loadMissing) {
        Map<String, V> present = new HashMap<>();
        Set<String> missing = new java.util.HashSet<>();
        for (String key : keys) {
            Optional<V> cached = entries.getIfPresent(key);
            if (cached == null) {
                missing.add(key);
            }
            else {
                cached.ifPresent(value -> present.put(key, value));
            }
        }
        if (missing.isEmpty()) {
            return present;
        }
        // Loaded here rather than by Caffeine's bulk load, which puts its results in even when a key was
        // evicted while they were read: each is put in only if its key was not evicted since the load began.
        long started = System.nanoTime();
        Map<String, Optional<V>> loaded;
        if (shared != null) {
            loaded = shared.getAll(missing, loadMissing);
        }
        else {
            Map<String, V> found = loadMissing.apply(missing);
            loaded = new HashMap<>();
            missing.forEach(key -> loaded.put(key, Optional.ofNullable(found.get(key))));
        }
        loaded.forEach((key, value) -> {
            value.ifPresent(v -> present.put(key, v));
            entries.asMap().compute(key, (k, current) -> {
                Long evicted = evictedAt.getIfPresent(k);
                return current != null || evicted != null && evicted - started >= 0 ? current : value;
            });
        });
        return present;
    }

    /** Puts a value in ahead of demand (warming). */
    public void put(String key, V value) {
        entries.put(key, Optional.of(value));
    }

    /** Evicts a changed entry here and, through Redis, on every other instance. */
    public void changed(String key) {
        if (shared != null) {
            shared.delete(key);
        }
        invalidate(key);
        try {
            redis.convertAndSend(channel(), key);
        }
        catch (RuntimeException ex) {
            // The change's event evicts it everywhere shortly; the write itself has succeeded.
        }
    }

    void evict(String key) {
        invalidate(key);
    }

    /**
     * An event announced a change: forget it here, and in Redis once more. The second delete covers a
     * reader that loaded the old value just before the change and stored it in Redis just after.
     */
    void evictEverywhere(String key) {
        if (shared != null) {
            shared.delete(key);
        }
        invalidate(key);
    }

    void evict(byte[] key) {
        invalidate(new String(key, StandardCharsets.UTF_8));
    }

    private void invalidate(String key) {
        evictedAt.put(key, System.nanoTime());
        entries.invalidate(key);
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
