package com.cityexplorer.gateway.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code BudgetedRetry}: Spring Cloud Gateway's {@code Retry} (same arguments, same decisions), with every retry
 * drawn from its route's {@link RetryBudget}, so that a failing service gets at most a fifth more requests from
 * retries rather than three times as many. The load balancer sends a retry to an instance the request has not tried
 * yet (see {@code balancing}). Configure it for safe methods only: a POST that reached a service is never sent again.
 * <p>
 * A request is tried again, at once, when all of these hold: it has been retried fewer than {@code retries} times;
 * its method is among {@code methods}; the attempt was answered with one of {@code statuses} or {@code series}, or
 * failed with one of {@code exceptions} (or an exception caused by one); and the route's budget has a retry left.
 * Before the next attempt the exchange is reset as Spring's filter resets it (the answer's connection closed, its
 * headers removed, the request no longer marked routed).
 * <p>
 * Spring's filter is not run underneath, although its decisions are kept: it wraps every request in Reactor's
 * {@code retryWhen} and {@code repeatWhen}, each with a per-request copy of reactor-extra's retry or repeat
 * specification, a sink and a companion subscription: about 2.4 % of the gateway's CPU samples per proxied read
 * (JFR, docs/performance.md), for requests that are almost never retried. Here each attempt costs one
 * {@code materialize} and one {@code flatMap}. Backoff, jitter and an overall timeout are not supported (a retry goes
 * to another instance at once; routes have response timeouts): configuring them is an error at start-up.
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
        config.validate();
        if (config.getBackoff() != null || config.getJitter() != null || config.getTimeout() != null) {
            throw new IllegalArgumentException("BudgetedRetry retries at once, on another instance: it takes no backoff, jitter or timeout"
                    + (config.getRouteId() != null ? " (route " + config.getRouteId() + ")" : ""));
        }
        // As Spring's filter: a retried request's body must be kept to be sent again (RequestBodyCaching).
        enableBodyCaching(config.getRouteId());
        return new BudgetedRetry(config);
    }

    private final class BudgetedRetry implements GatewayFilter {

        private final RetryConfig config;

        BudgetedRetry(RetryConfig config) {
            this.config = config;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            budget(exchange).deposit();
            return attempt(exchange, chain, 0);
        }

        private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int retriesSoFar) {
            return chain.filter(exchange).materialize().flatMap(outcome -> {
                Throwable failure = outcome.getThrowable();
                if (retriesSoFar < config.getRetries() && worthRetrying(exchange, failure) && budgetAllows(exchange)) {
                    ServerWebExchangeUtils.reset(exchange);
                    return attempt(exchange, chain, retriesSoFar + 1);
                }
                return failure != null ? Mono.error(failure) : Mono.empty();
            });
        }

        private boolean worthRetrying(ServerWebExchange exchange, Throwable failure) {
            if (!config.getMethods().contains(exchange.getRequest().getMethod())) {
                return false;
            }
            if (failure != null) {
                return config.getExceptions().stream().anyMatch(retried -> retried.isInstance(failure) || retried.isInstance(failure.getCause()));
            }
            // Only an upstream answer is retried on its status: the server response's status reads 200 until
            // something sets it, and a status set by the gateway itself (a refusal, a fallback) is final.
            if (exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
                return false;
            }
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            HttpStatus known = status != null ? HttpStatus.resolve(status.value()) : null;
            return known != null && (config.getStatuses().contains(known) || config.getSeries().contains(known.series()));
        }

        private boolean budgetAllows(ServerWebExchange exchange) {
            boolean allowed = budget(exchange).tryWithdraw();
            meters.counter("gateway.retries", "route", routeId(exchange), "outcome", allowed ? "retried" : "budget-spent").increment();
            return allowed;
        }

        @Override
        public String toString() {
            return "BudgetedRetry[retries=" + config.getRetries() + ", methods=" + config.getMethods() + ", statuses=" + config.getStatuses()
                    + ", series=" + config.getSeries() + ", exceptions=" + config.getExceptions() + "]";
        }
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
