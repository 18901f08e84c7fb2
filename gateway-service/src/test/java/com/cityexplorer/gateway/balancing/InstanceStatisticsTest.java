package com.cityexplorer.gateway.balancing;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Instances that are gone (pods replaced by a rollout) do not stay in the statistics or the metrics. */
class InstanceStatisticsTest {

    static final String OLD_POD = "place-service@10.0.0.1:8080";
    static final String BUSY_POD = "place-service@10.0.0.2:8080";
    static final String NEW_POD = "place-service@10.0.0.3:8080";

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InstanceStatistics statistics = new InstanceStatistics(clock::get, meters);

    @Test
    void anInstanceIdleForMinutesIsForgottenWithItsGaugesWhenAnotherAppears() {
        statistics.finish(statistics.start(OLD_POD), true);
        InstanceStatistics.Lease stillRunning = statistics.start(BUSY_POD);
        assertThat(instanceGauges(OLD_POD)).isEqualTo(2);

        clock.addAndGet(InstanceStatistics.FORGOTTEN_AFTER.plusSeconds(1).toNanos());
        statistics.finish(statistics.start(NEW_POD), true);

        assertThat(statistics.size()).as("the idle pod forgotten, the one with a request in flight kept").isEqualTo(2);
        assertThat(instanceGauges(OLD_POD)).isZero();
        assertThat(instanceGauges(BUSY_POD)).isEqualTo(2);
        assertThat(statistics.inFlight(BUSY_POD)).isEqualTo(1);
        assertThat(statistics.finish(stillRunning, true)).isTrue();
        assertThat(statistics.inFlight(BUSY_POD)).isZero();
    }

    @Test
    void anInstanceInRecentUseIsKeptAndAForgottenOneThatReturnsStartsAfresh() {
        statistics.finish(statistics.start(OLD_POD), true);
        clock.addAndGet(InstanceStatistics.FORGOTTEN_AFTER.minusSeconds(10).toNanos());
        statistics.start(NEW_POD);
        assertThat(statistics.size()).isEqualTo(2);

        clock.addAndGet(InstanceStatistics.FORGOTTEN_AFTER.toNanos());
        statistics.start(BUSY_POD);
        assertThat(statistics.size()).as("OLD_POD forgotten; NEW_POD has a request in flight").isEqualTo(2);

        InstanceStatistics.Lease back = statistics.start(OLD_POD);
        assertThat(statistics.inFlight(OLD_POD)).isEqualTo(1);
        assertThat(instanceGauges(OLD_POD)).isEqualTo(2);
        assertThat(meters.get("gateway.balancer.requests.in.flight").tag("instance", "10.0.0.1:8080").gauge().value())
            .isEqualTo(1.0);
        statistics.finish(back, true);
        assertThat(statistics.latencyMillis(OLD_POD)).isZero();
    }

    private long instanceGauges(String key) {
        return meters.getMeters().stream()
            .filter(meter -> BalancedInstances.address(key).equals(meter.getId().getTag("instance")))
            .count();
    }
}
