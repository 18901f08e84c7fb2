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
        Map<String, Optional<V>> found = entries.getAll(keys, missing -> {
            Set<String> wanted = new java.util.HashSet<>(missing);
            if (shared != null) {
                return shared.getAll(wanted, loadMissing);
            }
            Map<String, V> loaded = loadMissing.apply(wanted);
            Map<String, Optional<V>> all = new HashMap<>();
            wanted.forEach(key -> all.put(key, Optional.ofNullable(loaded.get(key))));
            return all;
        });
        Map<String, V> present = new HashMap<>();
        found.forEach((key, value) -> value.ifPresent(v -> present.put(key, v)));
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

    /**
     * An event announced a change: forget it here, and in Redis once more. The second delete covers a
     * reader that loaded the old value just before the change and stored it in Redis just after.
     */
    void evictEverywhere(String key) {
        if (shared != null) {
            shared.delete(key);
        }
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
