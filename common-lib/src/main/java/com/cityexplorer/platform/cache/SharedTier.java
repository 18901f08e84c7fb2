package com.cityexplorer.platform.cache;

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

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The level behind an {@link EvictedEverywhereCache}'s memory: values in Redis as JSON, shared by all
 * instances, so a new or restarted instance (or one whose memory dropped an entry) fills itself from
 * Redis instead of the database. Absent values are kept too (as an empty string), so ids that do not
 * exist do not reach the database either. Redis trouble is a miss, never an error: the database
 * answers. Hits and misses: {@code cache.shared.gets{cache=<name>,result=hit|miss}}.
 * <p>
 * A reader that misses takes a short <em>lease</em> on the key (a marker set only if the key is empty)
 * before it reads the database, and stores what it read only if its lease is still there. A change
 * deletes the key, lease included, so a value read just before a change can never be stored after it
 * (without leases, such a stale value stays in Redis until it expires). Hand-written because Spring's
 * Redis cache has no such guard; it is the lease scheme of Facebook's memcache paper, in two scripts.
 */
final class SharedTier<V> {

    private static final String ABSENT = "";
    private static final String LEASE = "\u0001lease:";
    private static final Duration LEASE_TIME = Duration.ofSeconds(10);

    /** KEYS: the missing keys; ARGV[1]: the lease marker, ARGV[2]: its time in ms. Returns 1 per key leased. */
    private static final RedisScript<List> TAKE_LEASES = RedisScript.of("""
            local taken = {}
            for i, key in ipairs(KEYS) do
              taken[i] = redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
            end
            return taken""", List.class);

    /** KEYS: leased keys; ARGV[1]: the lease marker, ARGV[2]: the values' time in ms, ARGV[3..]: the values. */
    private static final RedisScript<Long> FILL_LEASES = RedisScript.of("""
            local filled = 0
            for i, key in ipairs(KEYS) do
              if redis.call('GET', key) == ARGV[1] then
                redis.call('SET', key, ARGV[i + 2], 'PX', ARGV[2])
                filled = filled + 1
              end
            end
            return filled""", Long.class);

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
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String value = stored == null ? null : stored.get(i);
            if (value == null || value.startsWith(LEASE)) {
                missing.add(ordered.get(i)); // a lease: someone else is loading it; read it ourselves, store nothing
            }
            else {
                found.put(ordered.get(i), value.equals(ABSENT) ? Optional.empty() : Optional.of(json.readValue(value, type)));
            }
        }
        hits.increment(found.size());
        misses.increment(missing.size());
        if (!missing.isEmpty()) {
            String lease = LEASE + java.util.UUID.randomUUID();
            List<String> leased = stored == null ? List.of() : takeLeases(missing, lease);
            Map<String, V> loaded = load.apply(new java.util.HashSet<>(missing));
            List<String> values = new ArrayList<>();
            for (String key : missing) {
                found.put(key, Optional.ofNullable(loaded.get(key)));
            }
            for (String key : leased) {
                V value = loaded.get(key);
                values.add(value == null ? ABSENT : json.writeValueAsString(value));
            }
            fill(leased, lease, values);
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

    /** The keys this reader holds a lease on. */
    private List<String> takeLeases(List<String> keys, String lease) {
        try {
            List<?> taken = redis.execute(TAKE_LEASES, keys.stream().map(key -> prefix + key).toList(), lease,
                    Long.toString(LEASE_TIME.toMillis()));
            List<String> leased = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (taken != null && taken.get(i) instanceof Number number && number.longValue() == 1) {
                    leased.add(keys.get(i));
                }
            }
            return leased;
        }
        catch (RuntimeException ex) {
            return List.of(); // not shared this time
        }
    }

    private void fill(List<String> keys, String lease, List<String> values) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>();
        args.add(lease);
        args.add(Long.toString(ttl.toMillis()));
        args.addAll(values);
        try {
            redis.execute(FILL_LEASES, keys.stream().map(key -> prefix + key).toList(), args.toArray());
        }
        catch (RuntimeException ex) {
            // Not shared this time; the next reader loads it again.
        }
    }
}
