package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
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

    /**
     * An instance without a request for this long is forgotten, gauges included, when another instance is
     * first seen: pods come and go with every rollout, and their figures would otherwise stay for good.
     * Nothing is lost by it: its average is stale and nothing is in flight.
     */
    static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(5);

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
        long now = nanoClock.getAsLong();
        while (true) {
            Instance instance = instances.get(key);
            if (instance == null) {
                forgetIdle(now);
                instance = instances.computeIfAbsent(key, ignored -> register(key, now));
            }
            if (instance.acquire(now)) {
                return new Lease(key, instance, now);
            }
            // Being forgotten by another thread (forgetIdle): it leaves the map in a moment.
            Thread.onSpinWait();
        }
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
        Instance instance = lease.instance;
        long now = nanoClock.getAsLong();
        instance.lastUsedNanos = now;
        instance.inFlight.decrementAndGet();
        if (sample) {
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

    /** How many instances this gateway keeps figures of. */
    int size() {
        return instances.size();
    }

    private Instance register(String key, long now) {
        Instance instance = new Instance(key, now);
        if (meters != null) {
            String[] tags = { "service", BalancedInstances.serviceId(key), "instance", BalancedInstances.address(key) };
            instance.gauges.add(Gauge.builder("gateway.balancer.requests.in.flight", instance, measured -> measured.inFlight.get())
                .description("Requests this gateway has in flight to the instance").tags(tags).register(meters));
            instance.gauges.add(Gauge.builder("gateway.balancer.response.time", instance,
                        measured -> measured.latency(nanoClock.getAsLong()))
                .description("Decaying average response time of the instance, ms (NaN: no recent sample)")
                .baseUnit("milliseconds").tags(tags).register(meters));
        }
        return instance;
    }

    private void forgetIdle(long now) {
        long idleNanos = FORGOTTEN_AFTER.toNanos();
        for (Instance instance : instances.values()) {
            if (now - instance.lastUsedNanos > idleNanos && instance.retire()) {
                // Gauges first: a request for the same key registers new ones only once it has left the map.
                if (meters != null) {
                    instance.gauges.forEach(meters::remove);
                }
                instances.remove(instance.key, instance);
            }
        }
    }

    /** One request in flight to one instance. */
    static final class Lease {
        final String key;
        final long startedNanos;
        final AtomicBoolean open = new AtomicBoolean(true);
        private final Instance instance;

        private Lease(String key, Instance instance, long startedNanos) {
            this.key = key;
            this.instance = instance;
            this.startedNanos = startedNanos;
        }
    }

    private static final class Instance {
        final String key;
        /** Requests in flight; {@link #RETIRED} once forgotten, when no request may start on it any more. */
        final AtomicInteger inFlight = new AtomicInteger();
        final List<Meter> gauges = new ArrayList<>(2);
        volatile long lastUsedNanos;

        static final int RETIRED = Integer.MIN_VALUE;

        boolean acquire(long now) {
            int current;
            do {
                current = inFlight.get();
                if (current == RETIRED) {
                    return false;
                }
            }
            while (!inFlight.compareAndSet(current, current + 1));
            lastUsedNanos = now;
            return true;
        }

        /** Retires the instance if nothing is in flight. */
        boolean retire() {
            return inFlight.compareAndSet(0, RETIRED);
        }
        private double averageMillis = Double.NaN;
        private long lastSampleNanos;

        Instance(String key, long now) {
            this.key = key;
            this.lastUsedNanos = now;
        }

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
