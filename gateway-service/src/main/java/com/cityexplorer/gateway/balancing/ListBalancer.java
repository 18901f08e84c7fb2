package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.SelectedInstanceCallback;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * What the hand-written algorithms share with Spring Cloud's round robin: take the current instance
 * list from the supplier chain (already health-checked, without ejected and already tried instances),
 * answer "no instance" for an empty list (the gateway turns that into 503), otherwise {@link #pick}.
 */
abstract class ListBalancer implements ReactorServiceInstanceLoadBalancer {

    private final Supplier<ServiceInstanceListSupplier> suppliers;

    ListBalancer(Supplier<ServiceInstanceListSupplier> suppliers) {
        this.suppliers = suppliers;
    }

    @Override
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = suppliers.get();
        return supplier.get(request).next().map(instances -> {
            if (instances.isEmpty()) {
                return new EmptyResponse();
            }
            ServiceInstance chosen = instances.size() == 1 ? instances.getFirst() : pick(instances, request);
            if (supplier instanceof SelectedInstanceCallback callback) {
                callback.selectedServiceInstance(chosen);
            }
            return new DefaultResponse(chosen);
        });
    }

    /** Chooses one of at least two instances. */
    abstract ServiceInstance pick(List<ServiceInstance> instances, Request<?> request);
}
