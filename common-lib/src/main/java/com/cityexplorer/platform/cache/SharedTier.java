package com.cityexplorer.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The level behind an {@link EvictedEverywhereCache}'s memory: values in Redis as JSON, shared by all
 * instances, so a new or restarted instance (or one whose memory dropped an entry) fills itself from
 * Redis instead of the database. Absent values are kept too (as an empty string), so ids that do not
 * exist do not reach the database either. Redis trouble is a miss, never an error: the database
 * answers. Hits and misses: {@code cache.shared.gets{cache=<name>,result=hit|miss}}.
 */
final class SharedTier<V> {

    private static final String ABSENT = "";

    private final String prefix;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final JavaType type;
    private final Duration ttl;
    private final Counter hits;
    private final Counter misses;

    SharedTier(String name, StringRedisTemplate redis, JsonMapper json, JavaType type, Duration ttl, MeterRegistry meters) {
        this.prefix = "ce:cache:" + name + ":";
        this.redis = redis;
        this.json = json;
        this.type = type;
        this.ttl = ttl;
        this.hits = Counter.builder("cache.shared.gets").tag("cache", name).tag("result", "hit").register(meters);
        this.misses = Counter.builder("cache.shared.gets").tag("cache", name).tag("result", "miss").register(meters);
    }

    Optional<V> get(String key, Function<String, Optional<V>> load) {
        Map<String, Optional<V>> found = getAll(Set.of(key), missing -> {
            Map<String, V> loaded = new HashMap<>();
            load.apply(key).ifPresent(value -> loaded.put(key, value));
            return loaded;
        });
        return found.getOrDefault(key, Optional.empty());
    }

    /** Every key's value (empty for absent), from Redis where it is there, else loaded and stored in Redis. */
    Map<String, Optional<V>> getAll(Set<String> keys, Function<Set<String>, Map<String, V>> load) {
        List<String> ordered = new ArrayList<>(keys);
        List<String> stored = read(ordered);
        Map<String, Optional<V>> found = new HashMap<>();
        java.util.Set<String> missing = new java.util.HashSet<>();
        for (int i = 0; i < ordered.size(); i++) {
            String value = stored == null ? null : stored.get(i);
            if (value == null) {
                missing.add(ordered.get(i));
            }
            else {
                found.put(ordered.get(i), value.equals(ABSENT) ? Optional.empty() : Optional.of(json.readValue(value, type)));
            }
        }
        hits.increment(found.size());
        misses.increment(missing.size());
        if (!missing.isEmpty()) {
            Map<String, V> loaded = load.apply(missing);
            Map<String, String> toStore = new HashMap<>();
            for (String key : missing) {
                V value = loaded.get(key);
                found.put(key, Optional.ofNullable(value));
                toStore.put(key, value == null ? ABSENT : json.writeValueAsString(value));
            }
            write(toStore);
        }
        return found;
    }

    void delete(String key) {
        try {
            redis.delete(prefix + key);
        }
        catch (RuntimeException ex) {
            // Redis is down: nothing can read the stale value from it either; it expires by itself.
        }
    }

    private List<String> read(List<String> keys) {
        try {
            return redis.opsForValue().multiGet(keys.stream().map(key -> prefix + key).toList());
        }
        catch (RuntimeException ex) {
            return null; // read from the database instead
        }
    }

    private void write(Map<String, String> values) {
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                values.forEach((key, value) -> connection.stringCommands().set((prefix + key).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8), Expiration.from(ttl), RedisStringCommands.SetOption.upsert()));
                return null;
            });
        }
        catch (RuntimeException ex) {
            // Not shared this time; the next reader loads it again.
        }
    }
}
