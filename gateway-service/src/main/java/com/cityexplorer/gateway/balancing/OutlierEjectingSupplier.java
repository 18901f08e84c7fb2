package com.cityexplorer.gateway.balancing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances {@link OutlierEjection} has ejected, decided anew for every request. If that
 * would leave none, it leaves them all (Envoy's panic mode): when every instance fails, the cause is
 * more likely shared (a database, an overload) than in each instance, and refusing all traffic would
 * turn a partial outage into a full one.
 *
 * <p>It also puts the instances in a stable order (by key): the health check lists them in the order
 * their probes answered, different every round, which would make round robin uneven.
 */
final class OutlierEjectingSupplier extends DelegatingServiceInstanceListSupplier {

    private static final Comparator<ServiceInstance> BY_KEY = Comparator.comparing(BalancedInstances::key);

    private final OutlierEjection ejection;
    private volatile Sorted lastSorted;

    OutlierEjectingSupplier(ServiceInstanceListSupplier delegate, OutlierEjection ejection) {
        super(delegate);
        this.ejection = ejection;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(this::admitted);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(this::admitted);
    }

    List<ServiceInstance> admitted(List<ServiceInstance> instances) {
        Sorted sorted = lastSorted;
        if (sorted == null || sorted.source() != instances) {
            // The health check hands every request the same list until the instances change: sorted once per list.
            sorted = Sorted.of(instances);
            lastSorted = sorted;
        }
        List<ServiceInstance> admitted = new ArrayList<>(sorted.keys().size());
        for (int i = 0; i < sorted.keys().size(); i++) {
            if (!ejection.isEjected(sorted.keys().get(i))) {
                admitted.add(sorted.inOrder().get(i));
            }
        }
        return admitted.isEmpty() || admitted.size() == sorted.keys().size() ? sorted.inOrder() : admitted;
    }

    /** A list as it came ({@code source}), in key order, and the keys in that order. */
    private record Sorted(List<ServiceInstance> source, List<ServiceInstance> inOrder, List<String> keys) {

        static Sorted of(List<ServiceInstance> source) {
            List<ServiceInstance> inOrder = source.stream().sorted(BY_KEY).toList();
            return new Sorted(source, inOrder, inOrder.stream().map(BalancedInstances::key).toList());
        }
    }
}
