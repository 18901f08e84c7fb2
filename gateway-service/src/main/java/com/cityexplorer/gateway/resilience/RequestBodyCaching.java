package com.cityexplorer.gateway.resilience;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.AdaptCachedBodyGlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's request body caching, for requests that have a body. The circuit breaker's
 * fallback and the retry filter turn caching on for every route (so that a body can be sent again),
 * and Spring's filter then reads and joins every request's body before the request goes on, an empty
 * one included: a chain of operators per GET that leaves the request as it was. A request without a
 * body (no {@code Content-Length} above zero, no {@code Transfer-Encoding}: RFC 9112, section 6.3) has
 * nothing to keep, so it goes on at once; a retry sends it again as it is, exactly as it did when the
 * empty body was "cached".
 * <p>
 * Replaces Spring's filter (switched off with
 * {@code spring.cloud.gateway.server.webflux.global-filter.adapt-cached-body.enabled=false}) at the
 * same order, and listens to the same route events.
 */
@Component
class RequestBodyCaching extends AdaptCachedBodyGlobalFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return hasBody(exchange.getRequest().getHeaders()) ? super.filter(exchange, chain) : chain.filter(exchange);
    }

    static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
