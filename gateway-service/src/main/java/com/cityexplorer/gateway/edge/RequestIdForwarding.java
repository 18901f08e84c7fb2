package com.cityexplorer.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import com.cityexplorer.platform.web.RequestIds;

/**
 * Forwards the request's id (accepted from the client or made by the platform's request id filter) to
 * the service. Added to the outgoing headers, which the gateway's own header filters have just copied
 * (hence last in order), rather than by mutating the incoming request, which would copy them once more.
 */
@Component
class RequestIdForwarding implements HttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        String requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        if (requestId == null || requestId.equals(input.getFirst(RequestIds.HEADER))) {
            return input;
        }
        try {
            input.set(RequestIds.HEADER, requestId);
            return input;
        }
        catch (UnsupportedOperationException readOnly) {
            HttpHeaders copy = new HttpHeaders();
            copy.addAll(input);
            copy.set(RequestIds.HEADER, requestId);
            return copy;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
