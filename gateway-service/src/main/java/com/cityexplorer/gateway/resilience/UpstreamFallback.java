package com.cityexplorer.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory.CircuitBreakerStatusCodeException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Where a route's circuit breaker sends a request it did not pass on, or whose call failed
 * ({@code fallbackUri: forward:/fallback/upstream}). An open circuit is 503 problem+json with
 * {@code Retry-After} set to how long the circuit stays open; a failure the breaker merely counted
 * keeps its own answer (503 for an unreachable instance, 504 for a timeout, the service's 502/503/504).
 * Reached directly, without a failure behind it, it is a plain 404.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamFallback {

    static final String PATH = "/fallback/upstream";

    @Bean
    RouterFunction<ServerResponse> upstreamFallbackRoute(CircuitBreakerSettings settings) {
        return RouterFunctions.route().route(request -> request.path().equals(PATH), request -> {
            Throwable failure = request.exchange().getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
            if (failure == null) {
                return Mono.error(new ErrorResponseException(HttpStatus.NOT_FOUND));
            }
            return Mono.error(answerFor(failure, settings));
        }).build();
    }

    static Throwable answerFor(Throwable failure, CircuitBreakerSettings settings) {
        if (failure instanceof CallNotPermittedException) {
            ErrorResponseException open = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
            open.setDetail("The service behind this route is failing; requests are held back for a few seconds.");
            open.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.waitInOpenState().toSeconds())));
            return open;
        }
        if (failure instanceof CircuitBreakerStatusCodeException upstream) {
            return new ErrorResponseException(upstream.getStatusCode());
        }
        if (failure instanceof ServiceUnavailableException) {
            return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        }
        return failure;
    }
}
