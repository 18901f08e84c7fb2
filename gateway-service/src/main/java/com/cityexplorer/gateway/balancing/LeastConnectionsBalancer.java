package com.cityexplorer.gateway.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The instance with the fewest requests in flight from this gateway. Ties are broken at random: always
 * taking the first of equally idle instances would send every request of a quiet period to one of them.
 */
final class LeastConnectionsBalancer extends ListBalancer {

    private final InstanceStatistics statistics;

    LeastConnectionsBalancer(Supplier<ServiceInstanceListSupplier> suppliers, InstanceStatistics statistics) {
        super(suppliers);
        this.statistics = statistics;
    }

    @Override
    ServiceInstance pick(List<ServiceInstance> instances, Request<?> request) {
        int fewest = Integer.MAX_VALUE;
        List<ServiceInstance> idlest = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            int inFlight = statistics.inFlight(BalancedInstances.key(instance));
            if (inFlight < fewest) {
                fewest = inFlight;
                idlest.clear();
            }
            if (inFlight == fewest) {
                idlest.add(instance);
            }
        }
        return idlest.get(ThreadLocalRandom.current().nextInt(idlest.size()));
    }
}
