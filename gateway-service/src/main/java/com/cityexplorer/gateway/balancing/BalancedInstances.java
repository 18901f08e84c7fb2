package com.cityexplorer.gateway.balancing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;

/**
 * How the gateway names an instance of a service, and the exchange attribute listing the instances a
 * request has already been sent to. A retry filter reads that attribute; every balancing algorithm
 * avoids the instances in it unless no other instance is left.
 */
public final class BalancedInstances {

    /**
     * Exchange attribute: the {@link #key(ServiceInstance) keys} of the instances this request has been
     * sent to, a {@code Set<String>}. The load balancer's lifecycle adds each chosen instance.
     */
    public static final String TRIED_INSTANCES = "com.cityexplorer.gateway.balancing.TRIED_INSTANCES";

    private BalancedInstances() {
    }

    /**
     * {@code serviceId@host:port}. Not the instance id: the simple discovery client has none, and host
     * and port stay the same when discovery lists an instance again (a new object every refetch).
     */
    public static String key(ServiceInstance instance) {
        return instance.getServiceId() + "@" + instance.getHost() + ":" + instance.getPort();
    }

    static String serviceId(String key) {
        return key.substring(0, Math.max(0, key.indexOf('@')));
    }

    static String address(String key) {
        return key.substring(key.indexOf('@') + 1);
    }

    /** The instances already tried for the exchange whose attributes these are; empty if none. */
    @SuppressWarnings("unchecked")
    public static Set<String> tried(Map<String, Object> exchangeAttributes) {
        Object tried = exchangeAttributes.get(TRIED_INSTANCES);
        return tried instanceof Set<?> set ? (Set<String>) set : Set.of();
    }

    /** Adds {@code key} to the exchange's tried instances (creating the set, or copying one that is not ours). */
    @SuppressWarnings("unchecked")
    static void markTried(Map<String, Object> exchangeAttributes, String key) {
        exchangeAttributes.compute(TRIED_INSTANCES, (name, existing) -> {
            Set<String> tried;
            if (existing instanceof ConcurrentHashMap.KeySetView<?, ?> ours) {
                tried = (Set<String>) ours;
            }
            else {
                tried = ConcurrentHashMap.newKeySet();
                if (existing instanceof Set<?> theirs) {
                    tried.addAll((Set<String>) theirs);
                }
            }
            tried.add(key);
            return tried;
        });
    }
}
