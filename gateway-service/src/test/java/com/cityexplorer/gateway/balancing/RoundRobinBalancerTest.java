package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.WeightedServiceInstanceListSupplier;

import static com.cityexplorer.gateway.balancing.TestInstances.choose;
import static com.cityexplorer.gateway.balancing.TestInstances.histogram;
import static com.cityexplorer.gateway.balancing.TestInstances.instance;
import static com.cityexplorer.gateway.balancing.TestInstances.request;
import static com.cityexplorer.gateway.balancing.TestInstances.triedAttributes;
import static org.assertj.core.api.Assertions.assertThat;

/** Spring Cloud's round robin over the gateway's supplier chain, plain and weighted. */
class RoundRobinBalancerTest {

    @Test
    void sharesRequestsEqually() {
        var balancer = new RoundRobinLoadBalancer(TestInstances.provider(TestInstances.chain(
                new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3)), TestInstances.noEjection())), TestInstances.SERVICE);

        assertThat(histogram(300, () -> choose(balancer, request()))).containsExactlyInAnyOrderEntriesOf(Map.of(1, 100L, 2, 100L, 3, 100L));
    }

    @Test
    void weightedSharesFollowTheWeightMetadataSmoothly() {
        List<ServiceInstance> instances = List.of(instance(1, Map.of("weight", "1")), instance(2, Map.of("weight", "2")),
                instance(3, Map.of("weight", "3")));
        var balancer = new RoundRobinLoadBalancer(TestInstances.provider(new WeightedServiceInstanceListSupplier(TestInstances.chain(
                new TestInstances.MutableSupplier(instances), TestInstances.noEjection()))), TestInstances.SERVICE);

        assertThat(histogram(600, () -> choose(balancer, request()))).containsExactlyInAnyOrderEntriesOf(Map.of(1, 100L, 2, 200L, 3, 300L));
        // Interleaved, not 1,2,2,3,3,3: the heaviest instance never gets more than two in a row.
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sequence.append(choose(balancer, request()));
        }
        assertThat(sequence.toString()).doesNotContain("333");
    }

    @Test
    void avoidsInstancesTheRequestAlreadyTriedUnlessNoneIsLeft() {
        var balancer = new RoundRobinLoadBalancer(TestInstances.provider(TestInstances.chain(
                new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3)), TestInstances.noEjection())), TestInstances.SERVICE);

        assertThat(histogram(100, () -> choose(balancer, request(Map.of(), triedAttributes(1, 2))))).containsOnlyKeys(3);
        assertThat(histogram(99, () -> choose(balancer, request(Map.of(), triedAttributes(1, 2, 3))))).containsOnlyKeys(1, 2, 3);
    }
}
