package com.cityexplorer.platform.web.reactive;

import com.cityexplorer.platform.web.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an id, kept in the exchange's attributes ({@link RequestIds#ATTRIBUTE}), the logging
 * context and the response; a gateway forwards it to the service it routes to, so both log the same id.
 */
class RequestIdWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = RequestIds.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, requestId);
        // Set just before the response is committed, replacing the copy a routed service sends back.
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
            return Mono.empty();
        });
        // Not put on the request itself (a mutated request copies every header): the gateway adds it to the
        // headers it forwards, which it copies anyway (RequestIdForwarding).
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIds.MDC_KEY, requestId));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
