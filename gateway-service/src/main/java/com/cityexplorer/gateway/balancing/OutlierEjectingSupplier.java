package com.cityexplorer.gateway.balancing;

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
        List<ServiceInstance> sorted = instances.stream().sorted(BY_KEY).toList();
        List<ServiceInstance> admitted = sorted.stream().filter(instance -> !ejection.isEjected(BalancedInstances.key(instance))).toList();
        return admitted.isEmpty() ? sorted : admitted;
    }
}
