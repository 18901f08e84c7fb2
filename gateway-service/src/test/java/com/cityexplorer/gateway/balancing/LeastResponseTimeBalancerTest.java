package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static com.cityexplorer.gateway.balancing.TestInstances.choose;
import static com.cityexplorer.gateway.balancing.TestInstances.histogram;
import static com.cityexplorer.gateway.balancing.TestInstances.key;
import static com.cityexplorer.gateway.balancing.TestInstances.request;
import static com.cityexplorer.gateway.balancing.TestInstances.triedAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeastResponseTimeBalancerTest {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final InstanceStatistics statistics = new InstanceStatistics(clock::get);
    final TestInstances.MutableSupplier instances = new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3));
    final LeastResponseTimeBalancer balancer = new LeastResponseTimeBalancer(
            () -> TestInstances.chain(instances, TestInstances.noEjection()), statistics);

    @Test
    void sendsTrafficAwayFromTheSlowInstance() {
        respond(1, 10);
        respond(2, 12);
        respond(3, 50);

        Map<Integer, Long> shares = histogram(3_000, () -> choose(balancer, request()));

        // Two random candidates: the slow one loses every comparison; the fast two share.
        assertThat(shares).doesNotContainKey(3);
        assertThat(shares.get(1)).isGreaterThan(shares.get(2));
        assertThat(shares.get(2)).isGreaterThan(600L);
    }

    @Test
    void weighsResponseTimeByRequestsInFlight() {
        respond(1, 10);
        respond(2, 10);
        respond(3, 30);
        for (int i = 0; i < 5; i++) {
            statistics.start(key(1));
            statistics.start(key(2));
        }

        // 10 ms × 6 in flight costs more than 30 ms × 1.
        assertThat(histogram(500, () -> choose(balancer, request())).get(3)).isGreaterThan(250L);
    }

    @Test
    void triesAnInstanceWithoutSamplesAsIfItWereTheFastest() {
        respond(1, 10);
        respond(2, 40);
        instances.instances.set(TestInstances.instances(1, 2, 3, 4));

        Map<Integer, Long> shares = histogram(2_000, () -> choose(balancer, request()));

        assertThat(shares.get(4)).isGreaterThan(300L);
        assertThat(shares.get(1)).isGreaterThan(300L);
    }

    @Test
    void forgetsAnAverageThatIsNoLongerRefreshed() {
        respond(3, 50);
        assertThat(statistics.latencyMillis(key(3))).isCloseTo(50, within(0.01));

        clock.addAndGet(InstanceStatistics.STALE_AFTER.plusSeconds(1).toNanos());

        assertThat(statistics.latencyMillis(key(3))).isNaN();
    }

    @Test
    void averagesWithMoreWeightForSamplesAfterAPause() {
        respond(1, 10);
        respond(1, 110);
        // Back to back: the minimum weight of a new sample, 0.1.
        assertThat(statistics.latencyMillis(key(1))).isCloseTo(20, within(0.5));

        clock.addAndGet(InstanceStatistics.DECAY.toNanos());
        respond(1, 120);
        // One time constant (and the 120 ms the request took) after the last sample it weighs about 1 - 1/e.
        double weight = 1 - Math.exp(-(InstanceStatistics.DECAY.toMillis() + 120.0) / InstanceStatistics.DECAY.toMillis());
        assertThat(statistics.latencyMillis(key(1))).isCloseTo(20 + weight * 100, within(0.5));
    }

    @Test
    void avoidsInstancesTheRequestAlreadyTriedUnlessNoneIsLeft() {
        respond(1, 5);
        respond(2, 50);
        respond(3, 50);

        assertThat(histogram(100, () -> choose(balancer, request(Map.of(), triedAttributes(1))))).containsOnlyKeys(2, 3);
        assertThat(histogram(300, () -> choose(balancer, request(Map.of(), triedAttributes(1, 2, 3))))).containsKey(1);
    }

    /** One request to {@code port} that took {@code millis}. */
    private void respond(int port, long millis) {
        InstanceStatistics.Lease lease = statistics.start(key(port));
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
        statistics.finish(lease, true);
    }
}
