package com.cityexplorer.gateway.balancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * Spring Cloud LoadBalancer's factory of per-service contexts, remembering each service's
 * {@link LoadBalancerLifecycle} beans. The gateway's load-balancer filter asks for them on every request, and the
 * factory searched the service's context and all its ancestors for them each time (about 2% of the gateway's CPU
 * per proxied read, docs/performance.md). They are singletons of a context that lives until {@link #destroy()},
 * which forgets them.
 */
class LifecycleCachingClientFactory extends LoadBalancerClientFactory {

    private final Map<String, Map<String, ?>> lifecycles = new ConcurrentHashMap<>();

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
    public void destroy() {
        lifecycles.clear();
        super.destroy();
    }
}
