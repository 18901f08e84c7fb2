package com.cityexplorer.gateway.balancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * Spring Cloud LoadBalancer's factory of per-service contexts, remembering each service's
 * {@link LoadBalancerLifecycle} beans and its {@link ReactorServiceInstanceLoadBalancer}. The gateway's load-balancer
 * filter asks for both on every request, and the factory searched the service's context (and, for the lifecycles,
 * all its ancestors) each time: about 2% and 1% of the gateway's CPU per proxied read (docs/performance.md). They are
 * singletons of a context that lives until {@link #destroy()}, which forgets them.
 */
class LifecycleCachingClientFactory extends LoadBalancerClientFactory {

    private final Map<String, Map<String, ?>> lifecycles = new ConcurrentHashMap<>();
    private final Map<String, ReactorServiceInstanceLoadBalancer> balancers = new ConcurrentHashMap<>();

    LifecycleCachingClientFactory(LoadBalancerClientsProperties properties) {
        super(properties);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> getInstances(String name, Class<T> type) {
        if (type != LoadBalancerLifecycle.class) {
            return super.getInstances(name, type);
        }
        return (Map<String, T>) lifecycles.computeIfAbsent(name, service -> Map.copyOf(super.getInstances(service, type)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getInstance(String name, Class<T> type) {
        if (type != ReactorServiceInstanceLoadBalancer.class) {
            return super.getInstance(name, type);
        }
        // Not computeIfAbsent: a service without a balancer gets null, which such a map cannot hold.
        ReactorServiceInstanceLoadBalancer balancer = balancers.get(name);
        if (balancer == null) {
            balancer = super.getInstance(name, ReactorServiceInstanceLoadBalancer.class);
            if (balancer != null) {
                balancers.putIfAbsent(name, balancer);
            }
        }
        return (T) balancer;
    }

    @Override
    public void destroy() {
        lifecycles.clear();
        balancers.clear();
        super.destroy();
    }
}
