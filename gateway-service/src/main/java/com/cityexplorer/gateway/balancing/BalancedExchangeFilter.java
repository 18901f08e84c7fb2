package com.cityexplorer.gateway.balancing;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * The end of exchanges the client abandons, which the load balancer cannot see on its own: the gateway's
 * load-balancer filter reports success and error to the lifecycle but not cancellation, which would leave the
 * request counted as in flight forever and the instance looking busy to least-connections. (The client's
 * address, which consistent hashing needs and the balancer's request data lacks, is already an exchange
 * attribute: {@link com.cityexplorer.gateway.edge.ClientAddress#ATTRIBUTE}.)
 */
final class BalancedExchangeFilter implements GlobalFilter, Ordered {

    private final InstanceStatistics statistics;

    BalancedExchangeFilter(InstanceStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
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
