package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Sends the same client (its address, or a header such as {@code X-Client-Id}) to the same instance
 * while the instances stay the same, and moves as few clients as possible when they change
 * ({@link HashRing}). The ring is rebuilt only when the set of instances changes. A retry's list lacks
 * the instances already tried: its ring is built for that request alone, so the key goes to the next
 * instance clockwise and the shared ring stays.
 */
final class ConsistentHashBalancer extends ListBalancer {

    private final HashKey hashKey;
    private final AtomicReference<HashRing> ring = new AtomicReference<>(new HashRing(List.of(), 0));

    ConsistentHashBalancer(Supplier<ServiceInstanceListSupplier> suppliers, HashKey hashKey) {
        super(suppliers);
        this.hashKey = hashKey;
    }

    @Override
    ServiceInstance pick(List<ServiceInstance> instances, Request<?> request) {
        String value = request != null && request.getContext() instanceof RequestDataContext context
                && context.getClientRequest() != null ? hashKey.of(context.getClientRequest()) : null;
        if (value == null) {
            // Nothing to be sticky on: spread such requests rather than pile them on one instance.
            return instances.get(ThreadLocalRandom.current().nextInt(instances.size()));
        }
        String owner = ringFor(instances, request).owner(value);
        return instances.stream().filter(instance -> BalancedInstances.key(instance).equals(owner)).findFirst()
            .orElseThrow();
    }

    private HashRing ringFor(List<ServiceInstance> instances, Request<?> request) {
        List<String> keys = instances.stream().map(BalancedInstances::key).sorted().toList();
        HashRing current = ring.get();
        if (current.instanceKeys().equals(keys)) {
            return current;
        }
        HashRing rebuilt = new HashRing(keys, HashRing.VIRTUAL_NODES);
        boolean retry = request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null
                && !BalancedInstances.tried(context.getClientRequest().getAttributes()).isEmpty();
        if (!retry) {
            ring.set(rebuilt);
        }
        return rebuilt;
    }
}
