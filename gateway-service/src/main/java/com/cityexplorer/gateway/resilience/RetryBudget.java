package com.cityexplorer.gateway.resilience;

import java.util.function.LongSupplier;

/**
 * How many retries a route may still make: every request deposits {@code ratio} of a retry, every
 * retry withdraws one, and a small allowance ({@code minPerSecond}) refills with time so that a quiet
 * route can still retry. When a service is sick and most requests fail, retries stay at about
 * {@code ratio} of the traffic instead of multiplying it (the retry budget of Finagle and Linkerd).
 * <p>
 * Per gateway instance and per route: the point is to cap the extra load one gateway adds, which needs
 * no coordination. Written by hand because neither Spring Cloud Gateway's retry filter nor resilience4j's
 * retry has a budget shared by requests.
 */
final class RetryBudget {

    private static final long MILLI = 1000;

    private final long depositMillis;
    private final long minPerSecondMillis;
    private final long capacityMillis;
    private final LongSupplier nanoClock;
    private long balanceMillis;
    private long lastRefillNanos;

    /**
     * @param ratio the share of requests that may be retried (0.2: one retry per five requests)
     * @param minPerSecond retries allowed per second whatever the traffic
     */
    RetryBudget(double ratio, int minPerSecond, LongSupplier nanoClock) {
        if (ratio < 0 || minPerSecond < 0) {
            throw new IllegalArgumentException("A retry budget's ratio and minimum are not negative");
        }
        this.depositMillis = Math.round(ratio * MILLI);
        this.minPerSecondMillis = minPerSecond * MILLI;
        // Up to ten seconds' worth of the minimum plus 100 requests' deposits: a burst, not a backlog.
        this.capacityMillis = Math.max(MILLI, 10 * minPerSecondMillis + 100 * depositMillis);
        this.nanoClock = nanoClock;
        this.balanceMillis = minPerSecondMillis;
        this.lastRefillNanos = nanoClock.getAsLong();
    }

    /** A request is being sent (first attempts only). */
    synchronized void deposit() {
        balanceMillis = Math.min(capacityMillis, balanceMillis + depositMillis);
    }

    /** Takes one retry from the budget; false when it is spent. */
    synchronized boolean tryWithdraw() {
        refill();
        if (balanceMillis < MILLI) {
            return false;
        }
        balanceMillis -= MILLI;
        return true;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long earned = (now - lastRefillNanos) * minPerSecondMillis / 1_000_000_000L;
        if (earned > 0) {
            balanceMillis = Math.min(capacityMillis, balanceMillis + earned);
            lastRefillNanos = now;
        }
    }
}
