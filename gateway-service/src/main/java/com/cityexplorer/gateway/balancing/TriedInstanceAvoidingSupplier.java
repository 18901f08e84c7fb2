package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances a request was already sent to ({@link BalancedInstances#TRIED_INSTANCES}),
 * unless that leaves none. Done once here, in front of every algorithm (Spring Cloud's round robin
 * included, which knows nothing of retries), rather than in each of them.
 */
final class TriedInstanceAvoidingSupplier extends DelegatingServiceInstanceListSupplier {

    TriedInstanceAvoidingSupplier(ServiceInstanceListSupplier delegate) {
        super(delegate);
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get();
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(instances -> untried(instances, request));
    }

    static List<ServiceInstance> untried(List<ServiceInstance> instances, Request<?> request) {
        if (!(request != null && request.getContext() instanceof RequestDataContext context)
                || context.getClientRequest() == null || context.getClientRequest().getAttributes() == null) {
            return instances;
        }
        Set<String> tried = BalancedInstances.tried(context.getClientRequest().getAttributes());
        if (tried.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> untried = instances.stream().filter(instance -> !tried.contains(BalancedInstances.key(instance))).toList();
        return untried.isEmpty() ? instances : untried;
    }
}
