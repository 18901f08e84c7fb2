package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this gateway has seen of each instance ({@link BalancedInstances#key key}): requests in flight
 * and an exponentially decaying average of response times. Only this gateway's own traffic counts;
 * with several gateways each balances on its own view, which is what least-connections and
 * least-response-time need (the instance's own load would need it to report it).
 */
final class InstanceStatistics {

    /** Time constant of the average: a sample {@code DECAY} after the previous one outweighs the past. */
    static final Duration DECAY = Duration.ofSeconds(2);

    /**
     * Smallest weight of a new sample. At hundreds of requests per second the samples come microseconds
     * apart and the pure time-based weight would be ~0: the average would stop moving. 0.1 keeps about
     * the last 20 samples in view.
     */
    static final double MIN_SAMPLE_WEIGHT = 0.1;

    /** An average not refreshed for this long is forgotten: the instance is tried again as if new. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private final ConcurrentMap<String, Instance> instances = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final MeterRegistry meters;

    InstanceStatistics(LongSupplier nanoClock) {
        this(nanoClock, null);
    }

    /** With {@code meters}, each instance's figures are also gauges (tagged service and instance). */
    InstanceStatistics(LongSupplier nanoClock, MeterRegistry meters) {
        this.nanoClock = nanoClock;
        this.meters = meters;
    }

    /** A request to {@code key} starts; close the returned lease exactly once when it ends. */
    Lease start(String key) {
        Instance instance = instance(key);
        instance.inFlight.incrementAndGet();
        return new Lease(key, nanoClock.getAsLong());
    }

    /**
     * The request of {@code lease} ended; its response time is sampled when {@code sample} (failures are
     * not: a refused connection is fast, and would make a dead instance look like the best one).
     * Returns false if the lease was already closed.
     */
    boolean finish(Lease lease, boolean sample) {
        if (!lease.open.compareAndSet(true, false)) {
            return false;
        }
        Instance instance = instance(lease.key);
        instance.inFlight.decrementAndGet();
        if (sample) {
            long now = nanoClock.getAsLong();
            instance.sample((now - lease.startedNanos) / 1_000_000.0, now);
        }
        return true;
    }

    int inFlight(String key) {
        Instance instance = instances.get(key);
        return instance == null ? 0 : Math.max(0, instance.inFlight.get());
    }

    /** The average response time in milliseconds, or NaN if there is no recent sample. */
    double latencyMillis(String key) {
        Instance instance = instances.get(key);
        return instance == null ? Double.NaN : instance.latency(nanoClock.getAsLong());
    }

    private Instance instance(String key) {
        Instance existing = instances.get(key);
        return existing != null ? existing : instances.computeIfAbsent(key, this::register);
    }

    private Instance register(String key) {
        Instance instance = new Instance();
        if (meters != null) {
            String[] tags = { "service", BalancedInstances.serviceId(key), "instance", BalancedInstances.address(key) };
            Gauge.builder("gateway.balancer.requests.in.flight", instance, measured -> measured.inFlight.get())
                .description("Requests this gateway has in flight to the instance").tags(tags).register(meters);
            Gauge.builder("gateway.balancer.response.time", instance, measured -> measured.latency(nanoClock.getAsLong()))
                .description("Decaying average response time of the instance, ms (NaN: no recent sample)")
                .baseUnit("milliseconds").tags(tags).register(meters);
        }
        return instance;
    }

    /** One request in flight to one instance. */
    static final class Lease {
        final String key;
        final long startedNanos;
        final AtomicBoolean open = new AtomicBoolean(true);

        Lease(String key, long startedNanos) {
            this.key = key;
            this.startedNanos = startedNanos;
        }
    }

    private static final class Instance {
        final AtomicInteger inFlight = new AtomicInteger();
        private double averageMillis = Double.NaN;
        private long lastSampleNanos;

        synchronized void sample(double millis, long now) {
            if (Double.isNaN(averageMillis) || now - lastSampleNanos > STALE_AFTER.toNanos()) {
                averageMillis = millis;
            }
            else {
                double weight = Math.max(MIN_SAMPLE_WEIGHT, 1 - Math.exp(-(double) (now - lastSampleNanos) / DECAY.toNanos()));
                averageMillis += weight * (millis - averageMillis);
            }
            lastSampleNanos = now;
        }

        synchronized double latency(long now) {
            return now - lastSampleNanos > STALE_AFTER.toNanos() ? Double.NaN : averageMillis;
        }
    }
}
