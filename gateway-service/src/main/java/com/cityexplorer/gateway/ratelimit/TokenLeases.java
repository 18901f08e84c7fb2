package com.cityexplorer.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.cityexplorer.gateway.ratelimit.RateLimitTiers.ResolvedTier;

/**
 * Tokens a gateway instance has already taken from a caller's Redis bucket and may spend without asking
 * Redis again. A caller that sends many requests gets its tokens in batches: the first request of a
 * bucket asks Redis for one token, and each time a batch is used up within {@code lease.time} the next
 * one is twice as large, up to {@link #maxBatch(ResolvedTier)} (at most a tenth of what the tier
 * refills per second, and {@code lease.max-tokens}). A caller that slows down falls back to one token
 * per request.
 * <p>
 * Every token spent was first taken from the shared bucket, so all gateway instances together never let
 * a caller through more often than the bucket allows. Tokens not spent within {@code lease.time} are
 * forgotten (the caller loses them: a lease never lets a burst through later, once the bucket is full
 * again). The cost: a caller near its limit may be refused while another gateway instance still holds a
 * few of its tokens (at most one batch per instance).
 * <p>
 * Hand-written: Spring Cloud Gateway's token bucket has no local batching, and Bucket4j's batching
 * proxies would replace the shared Redis script that every gateway instance already speaks.
 */
final class TokenLeases {

    private final Cache<String, Lease> leases;
    private final LongSupplier nanoClock;
    private final long leaseNanos;
    private final int maxTokens;

    TokenLeases(RateLimitSettings.Lease settings, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.leaseNanos = settings.time().toNanos();
        this.maxTokens = settings.maxTokens();
        // Bounded: an idle bucket's lease is worthless after lease.time anyway.
        this.leases = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofNanos(Math.max(leaseNanos, TimeUnit.SECONDS.toNanos(1)) * 2))
            .maximumSize(100_000)
            .build();
    }

    /** How many tokens one Redis call may take for this tier: 1 means leasing is off for it. */
    int maxBatch(ResolvedTier tier) {
        return Math.max(1, Math.min(maxTokens, tier.replenishPerSecond() / 10));
    }

    /**
     * Spends one leased token of this bucket if there is one. Returns the caller's remaining tokens as
     * last seen (Redis's count when the batch was taken plus what is left of the batch), or -1 when there
     * is no token here and Redis must be asked.
     */
    long trySpend(String bucket) {
        Lease lease = leases.getIfPresent(bucket);
        return lease == null ? -1 : lease.trySpend(nanoClock.getAsLong());
    }

    /** How many tokens the next Redis call for this bucket should ask for (1 when not leasing). */
    int nextBatch(String bucket, ResolvedTier tier) {
        int max = maxBatch(tier);
        if (max == 1) {
            return 1;
        }
        Lease lease = leases.getIfPresent(bucket);
        return lease == null ? 1 : lease.nextBatch(nanoClock.getAsLong(), max);
    }

    /**
     * Redis granted {@code batch} tokens, leaving {@code remaining} in the bucket: one is spent by the
     * request that asked, the rest are leased here.
     */
    void granted(String bucket, ResolvedTier tier, int batch, long remaining) {
        if (maxBatch(tier) == 1) {
            return;
        }
        leases.get(bucket, key -> new Lease()).granted(nanoClock.getAsLong(), leaseNanos, batch, remaining);
    }

    /** Redis refused: the caller is at its limit, so the next ask is for one token again. */
    void refused(String bucket) {
        Lease lease = leases.getIfPresent(bucket);
        if (lease != null) {
            lease.refused();
        }
    }

    /** One bucket's lease. Synchronised: requests of one caller may arrive on several event loops at once. */
    private static final class Lease {

        private long tokens;
        private long expiresAt;
        private long remainingInRedis;
        private int lastBatch;

        synchronized long trySpend(long now) {
            if (tokens <= 0 || now - expiresAt >= 0) {
                return -1;
            }
            tokens--;
            return remainingInRedis + tokens;
        }

        synchronized int nextBatch(long now, int max) {
            // The last batch was used up while it was still valid: the caller is busy, so ask for more.
            boolean busy = lastBatch > 0 && tokens <= 0 && now - expiresAt < 0;
            return busy ? Math.min(max, lastBatch * 2) : 1;
        }

        synchronized void granted(long now, long leaseNanos, int batch, long remaining) {
            if (now - expiresAt >= 0) {
                tokens = 0;
            }
            tokens += batch - 1;
            expiresAt = now + leaseNanos;
            remainingInRedis = remaining;
            lastBatch = batch;
        }

        synchronized void refused() {
            lastBatch = 0;
        }
    }
}
