package com.cityexplorer.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request whose declared body is over {@code city-explorer.web.max-request-body} with 413
 * problem+json at the edge, before it is streamed to a service. (A chunked body without a length is
 * passed on; the service cuts it off while reading.)
 */
@Component
class RequestBodyLimit implements WebFilter, Ordered {

    private final long maxBytes;

    RequestBodyLimit(@Value("${city-explorer.web.max-request-body:1MB}") DataSize maxRequestBody) {
        this.maxBytes = maxRequestBody.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
            ErrorResponseException tooLarge = new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE);
            tooLarge.setDetail("The request body is larger than " + maxBytes + " bytes.");
            return Mono.error(tooLarge);
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
