package com.cityexplorer.gateway.balancing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static com.cityexplorer.gateway.balancing.TestInstances.choose;
import static com.cityexplorer.gateway.balancing.TestInstances.histogram;
import static com.cityexplorer.gateway.balancing.TestInstances.key;
import static com.cityexplorer.gateway.balancing.TestInstances.request;
import static com.cityexplorer.gateway.balancing.TestInstances.triedAttributes;
import static org.assertj.core.api.Assertions.assertThat;

class LeastConnectionsBalancerTest {

    final InstanceStatistics statistics = new InstanceStatistics(System::nanoTime);
    final LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(() -> TestInstances.chain(
            new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3)), TestInstances.noEjection()), statistics);

    @Test
    void choosesTheInstanceWithFewestRequestsInFlight() {
        statistics.start(key(1));
        statistics.start(key(1));
        statistics.start(key(2));

        assertThat(histogram(50, () -> choose(balancer, request()))).containsOnlyKeys(3);
    }

    @Test
    void sharesRandomlyBetweenEquallyIdleInstances() {
        statistics.start(key(1));

        Map<Integer, Long> shares = histogram(2_000, () -> choose(balancer, request()));

        assertThat(shares).containsOnlyKeys(2, 3);
        assertThat(shares.get(2)).isBetween(800L, 1_200L);
    }

    @Test
    void countsARequestUntilItFinishes() {
        InstanceStatistics.Lease lease = statistics.start(key(2));
        statistics.start(key(3));
        assertThat(histogram(20, () -> choose(balancer, request()))).containsOnlyKeys(1);

        statistics.finish(lease, true);
        assertThat(statistics.finish(lease, true)).as("a lease closes once").isFalse();
        assertThat(statistics.inFlight(key(2))).isZero();
        assertThat(histogram(200, () -> choose(balancer, request()))).containsOnlyKeys(1, 2);
    }

    @Test
    void avoidsInstancesTheRequestAlreadyTriedUnlessNoneIsLeft() {
        assertThat(histogram(50, () -> choose(balancer, request(Map.of(), triedAttributes(3, 1))))).containsOnlyKeys(2);
        assertThat(histogram(200, () -> choose(balancer, request(Map.of(), triedAttributes(1, 2, 3))))).containsOnlyKeys(1, 2, 3);
    }
}
