package com.cityexplorer.gateway.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code BudgetedRetry}: Spring Cloud Gateway's {@code Retry} (same arguments), with every retry drawn
 * from its route's {@link RetryBudget}, so that a failing service gets at most a fifth more requests
 * from retries rather than three times as many. The load balancer sends a retry to an instance the
 * request has not tried yet (see {@code balancing}). Configure it for safe methods only: a POST that
 * reached a service is never sent again.
 */
@Component
class BudgetedRetryGatewayFilterFactory extends RetryGatewayFilterFactory {

    private final RetrySettings settings;
    private final MeterRegistry meters;
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

    BudgetedRetryGatewayFilterFactory(RetrySettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public GatewayFilter apply(RetryConfig config) {
        GatewayFilter retrying = super.apply(config);
        return (exchange, chain) -> {
            budget(exchange).deposit();
            return retrying.filter(exchange, chain);
        };
    }

    /**
     * Asked by the Retry filter before each possible retry, ahead of its own checks of method, status
     * and exception; the budget is only spent where a retry would follow. (An exception the filter does
     * not retry still spends one: errs on the side of fewer retries.)
     */
    @Override
    public boolean exceedsMaxIterations(ServerWebExchange exchange, RetryConfig config) {
        if (super.exceedsMaxIterations(exchange, config)) {
            return true;
        }
        if (!config.getMethods().contains(exchange.getRequest().getMethod())) {
            return true;
        }
        // An attempt that got an answer has the upstream response in the exchange (the filter removes it
        // before each retry); without one, the attempt failed with an exception (refused, reset, timed out).
        // The server response's status is no guide there: it reads 200 until something sets it.
        boolean answered = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (answered && (status == null || !retriedStatus(status, config))) {
            return true;
        }
        boolean allowed = budget(exchange).tryWithdraw();
        meters.counter("gateway.retries", "route", routeId(exchange), "outcome", allowed ? "retried" : "budget-spent").increment();
        return !allowed;
    }

    private static boolean retriedStatus(HttpStatusCode status, RetryConfig config) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null && (config.getStatuses().contains(known) || config.getSeries().contains(known.series()));
    }

    private RetryBudget budget(ServerWebExchange exchange) {
        return budgets.computeIfAbsent(routeId(exchange),
                route -> new RetryBudget(settings.ratio(), settings.minPerSecond(), System::nanoTime));
    }

    private static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() : "unknown";
    }
}
