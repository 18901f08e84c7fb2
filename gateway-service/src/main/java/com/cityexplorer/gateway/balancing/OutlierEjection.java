package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Passive outlier detection: an instance whose last {@code consecutiveFailures} requests all failed is
 * ejected for a while, twice as long at each ejection in a row (base, 2 × base, … up to the maximum).
 * When the ejection ends the instance is half-open: its next success forgets its history, its next
 * failure ejects it again for the doubled time. Active health checks alone miss an instance that answers
 * its readiness probe but fails real requests, and take an interval to notice a crash.
 * <p>
 * Only instances with a history are kept, and not for ever: a success that clears an instance's history
 * forgets it, and an instance that has not failed for twice the maximum ejection time (and is not
 * ejected) is forgotten when a new one is first recorded. Instances come and go (pods get new addresses),
 * and the gateway runs for months.
 */
final class OutlierEjection {

    private final BalancingSettings.Outlier settings;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    OutlierEjection(BalancingSettings.Outlier settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    void succeeded(String key) {
        State state = states.get(key);
        if (state != null) {
            synchronized (state) {
                if (!state.ejected(nanoClock.getAsLong())) {
                    // No history left: the same as never having failed.
                    states.remove(key, state);
                }
            }
        }
    }

    /** Records a failure; returns true if it ejected the instance. */
    boolean failed(String key) {
        long now = nanoClock.getAsLong();
        State state = states.get(key);
        if (state == null) {
            forgetStale(now);
            state = states.computeIfAbsent(key, ignored -> new State());
        }
        synchronized (state) {
            if (state.ejected(now)) {
                // Requests sent before the ejection are still finishing: they say nothing new.
                return false;
            }
            state.lastFailureNanos = now;
            state.consecutiveFailures++;
            boolean halfOpen = state.ejections > 0;
            if (halfOpen || state.consecutiveFailures >= settings.consecutiveFailures()) {
                state.ejectedUntilNanos = now + ejectionTime(state.ejections).toNanos();
                state.ejections++;
                state.consecutiveFailures = 0;
                return true;
            }
            return false;
        }
    }

    boolean isEjected(String key) {
        State state = states.get(key);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.ejected(nanoClock.getAsLong());
        }
    }

    /** How many instances have a failure history here. */
    int size() {
        return states.size();
    }

    private void forgetStale(long now) {
        long staleNanos = settings.maxEjectionTime().multipliedBy(2).toNanos();
        states.forEach((key, state) -> {
            synchronized (state) {
                if (!state.ejected(now) && now - state.lastFailureNanos > staleNanos) {
                    states.remove(key, state);
                }
            }
        });
    }

    /** The length of the ejection that follows {@code previousEjections} ejections in a row. */
    Duration ejectionTime(int previousEjections) {
        Duration time = settings.baseEjectionTime();
        for (int i = 0; i < previousEjections && time.compareTo(settings.maxEjectionTime()) < 0; i++) {
            time = time.multipliedBy(2);
        }
        return time.compareTo(settings.maxEjectionTime()) > 0 ? settings.maxEjectionTime() : time;
    }

    private static final class State {
        int consecutiveFailures;
        int ejections;
        long ejectedUntilNanos;
        long lastFailureNanos;

        boolean ejected(long now) {
            return ejections > 0 && now - ejectedUntilNanos < 0;
        }
    }
}
