package com.cityexplorer.gateway.edge;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Admission control at the edge: at most {@code city-explorer.gateway.admission.max-concurrent-requests}
 * routed requests in progress per gateway instance (a resilience4j semaphore bulkhead that never waits);
 * one more is answered 503 problem+json with {@code Retry-After: 1} at once, before anything else is spent
 * on it. Without it, a flood the services cannot keep up with (they shed their own excess, but slowly once
 * saturated) piles up here as requests waiting for an answer, each holding its exchange and buffers, until
 * the heap runs out and the instance dies with all of them: a 128 MB gateway did so at 1,000 clicks/s. The
 * services keep their own limits (common-lib's RequestAdmissionFilter); the gateway's own endpoints
 * (actuator, API docs) are not routed and never refused.
 */
@Component
class RequestAdmission implements GlobalFilter, Ordered {

    private final Bulkhead inProgress;
    private final Counter refused;

    RequestAdmission(AdmissionSettings settings, MeterRegistry meters) {
        this.inProgress = Bulkhead.of("gateway-admission", BulkheadConfig.custom()
            .maxConcurrentCalls(settings.maxConcurrentRequests())
            .maxWaitDuration(Duration.ZERO)
            .build());
        this.refused = Counter.builder("ce.gateway.admission.refused")
            .description("Routed requests answered 503 because the instance had as many in progress as it admits")
            .register(meters);
        Gauge.builder("ce.gateway.admission.in-progress", inProgress,
                bulkhead -> settings.maxConcurrentRequests() - bulkhead.getMetrics().getAvailableConcurrentCalls())
            .description("Routed requests in progress on this instance").register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!inProgress.tryAcquirePermission()) {
            refused.increment();
            ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
            busy.setDetail("Too many requests in progress here; try again in a second.");
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return Mono.error(busy);
        }
        // Released however the exchange ends: answered, failed, or abandoned by the client.
        return chain.filter(exchange).doFinally(signal -> inProgress.onComplete());
    }

    @Override
    public int getOrder() {
        // First of all global filters: a refused request costs no body counting, session lookup or Redis call.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
