package com.cityexplorer.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token buckets per caller ({@code city-explorer.gateway.rate-limits.*}): one per user for calls with a
 * live session, one per client address for anonymous calls, sized by tier.
 *
 * @param enabled off: no limits, no headers, no Redis call
 * @param tiers {@code anonymous} for calls without a session, and one per role (USER, PARTNER, ADMIN...);
 *        a session gets the largest tier among its roles, or USER's if none of its roles has one
 * @param exemptPaths routed paths that are never limited (health probes, API docs)
 * @param redisTimeout how long a request waits for its bucket before it goes on unlimited (fail open)
 * @param lease tokens taken from Redis in batches for busy callers ({@link TokenLeases})
 */
@ConfigurationProperties("city-explorer.gateway.rate-limits")
record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        Map<String, Tier> tiers,
        @DefaultValue({ "/services/*/health/**", "/v3/api-docs/**" }) List<String> exemptPaths,
        @DefaultValue("500ms") Duration redisTimeout,
        @DefaultValue Lease lease) {

    static final String ANONYMOUS = "anonymous";

    RateLimitSettings {
        tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
        if (enabled && tiers.keySet().stream().noneMatch(ANONYMOUS::equalsIgnoreCase)) {
            throw new IllegalArgumentException("city-explorer.gateway.rate-limits.tiers.anonymous is required while "
                    + "rate limits are enabled");
        }
    }

    /**
     * Batches of tokens per busy caller ({@link TokenLeases}).
     *
     * @param time how long a gateway instance may spend the tokens of a batch; unspent ones are then lost
     * @param maxTokens the largest batch; a tier's batches are also at most a tenth of its replenish-per-second,
     *        and 1 turns leasing off
     */
    record Lease(@DefaultValue("1s") Duration time, @DefaultValue("64") int maxTokens) {

        Lease {
            if (time.isNegative() || time.isZero() || maxTokens < 1) {
                throw new IllegalArgumentException("city-explorer.gateway.rate-limits.lease needs a positive time and "
                        + "max-tokens of at least 1");
            }
        }
    }

    /**
     * One bucket size: {@code burst} requests at once, refilled at {@code replenishPerSecond}.
     * Whole numbers, because the bucket script counts whole tokens per whole second.
     */
    record Tier(int replenishPerSecond, int burst) {

        Tier {
            if (replenishPerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("A rate-limit tier needs replenish-per-second and burst of at least 1");
            }
        }
    }
}
