package com.cityexplorer.gateway.balancing;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Two things the load balancer cannot get on its own. The client's address, for consistent hashing:
 * the request data the balancer sees has headers and attributes but no remote address, so it is put
 * into an attribute here. And the end of exchanges the client abandons: the gateway's load-balancer
 * filter reports success and error to the lifecycle but not cancellation, which would leave the
 * request counted as in flight forever and the instance looking busy to least-connections.
 */
final class BalancedExchangeFilter implements GlobalFilter, Ordered {

    /** Exchange attribute: the client's IP address as a string. */
    static final String CLIENT_ADDRESS = BalancedExchangeFilter.class.getName() + ".CLIENT_ADDRESS";

    private final InstanceStatistics statistics;

    BalancedExchangeFilter(InstanceStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote != null) {
            exchange.getAttributes().put(CLIENT_ADDRESS,
                    remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
        }
        return chain.filter(exchange).doOnCancel(() -> {
            if (exchange.getAttributes().remove(BalancingLifecycle.LEASE) instanceof InstanceStatistics.Lease lease) {
                statistics.finish(lease, false);
            }
        });
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
    }
}
