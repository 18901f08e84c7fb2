package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Power of two random choices over a cost of average response time × (requests in flight + 1), like
 * Finagle's and Linkerd's peak-EWMA balancers. Comparing two random instances instead of taking the
 * cheapest of all keeps a burst of requests (all decided on the same stale figures) from landing on
 * one instance, while still steering most traffic away from slow ones.
 *
 * <p>An instance without a recent sample (new, or not chosen for a while) is costed as the fastest
 * known one: optimistic, so it gets tried and measured, but not so optimistic that every request goes
 * there before its first answer comes back.
 */
final class LeastResponseTimeBalancer extends ListBalancer {

    /** Cost of a response time when no instance has one: only requests in flight then matter. */
    private static final double UNKNOWN_MILLIS = 1.0;

    private final InstanceStatistics statistics;

    LeastResponseTimeBalancer(Supplier<ServiceInstanceListSupplier> suppliers, InstanceStatistics statistics) {
        super(suppliers);
        this.statistics = statistics;
    }

    @Override
    ServiceInstance pick(List<ServiceInstance> instances, Request<?> request) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(instances.size());
        int second = random.nextInt(instances.size() - 1);
        if (second >= first) {
            second++;
        }
        double optimistic = fastestKnown(instances);
        double firstCost = cost(instances.get(first), optimistic);
        double secondCost = cost(instances.get(second), optimistic);
        if (firstCost == secondCost) {
            return instances.get(random.nextBoolean() ? first : second);
        }
        return instances.get(firstCost < secondCost ? first : second);
    }

    double cost(ServiceInstance instance, double optimistic) {
        String key = BalancedInstances.key(instance);
        double latency = statistics.latencyMillis(key);
        return (Double.isNaN(latency) ? optimistic : latency) * (statistics.inFlight(key) + 1);
    }

    private double fastestKnown(List<ServiceInstance> instances) {
        double fastest = Double.NaN;
        for (ServiceInstance instance : instances) {
            double latency = statistics.latencyMillis(BalancedInstances.key(instance));
            if (!Double.isNaN(latency) && (Double.isNaN(fastest) || latency < fastest)) {
                fastest = latency;
            }
        }
        return Double.isNaN(fastest) ? UNKNOWN_MILLIS : fastest;
    }
}
