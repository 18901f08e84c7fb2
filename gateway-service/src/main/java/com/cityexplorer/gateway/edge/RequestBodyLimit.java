package com.cityexplorer.gateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses a routed request whose body is over its route's limit with 413 problem+json at the edge. The
 * limit is the route's {@code max-request-body} metadata (e.g. {@code metadata: { max-request-body: 16KB }})
 * or else {@code city-explorer.web.max-request-body}.
 * <p>
 * A declared length over the limit is refused before anything is sent on. A body without a length
 * (chunked) is counted as it streams to the service; the chunk that crosses the limit is not forwarded,
 * the connection to the service is dropped (so it sees a truncated request, never the whole body) and
 * the client gets 413 — unless the service has already answered, in which case its answer stands and
 * the client's connection is closed.
 * <p>
 * A gateway filter rather than a web filter, because the limit depends on the route. The gateway's own
 * endpoints (actuator, Swagger UI) take no bodies; WebFlux's codec limit caps anything they would decode.
 */
@Component
class RequestBodyLimit implements GlobalFilter, Ordered {

    static final String METADATA_KEY = "max-request-body";
    private static final String EXCEEDED = RequestBodyLimit.class.getName() + ".exceeded";

    private final long defaultMaxBytes;
    /** Parsed metadata values ("16KB" → 16384): parsing per request would be a regex match each time. */
    private final Map<Object, Long> parsed = new ConcurrentHashMap<>();

    RequestBodyLimit(@Value("${city-explorer.web.max-request-body:1MB}") DataSize maxRequestBody) {
        this.defaultMaxBytes = maxRequestBody.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long maxBytes = maxBytes(exchange);
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        if (declared >= 0 || !mayHaveBody(request)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new CountedBody(request, exchange, maxBytes)).build())
            // However the aborted upload surfaces (the body's error, or the client connection's), the answer is 413.
            .onErrorMap(ex -> exchange.getAttribute(EXCEEDED) != null
                    && !(ex instanceof ErrorResponse error && error.getStatusCode().value() == 413), ex -> tooLarge(maxBytes));
    }

    private long maxBytes(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Object configured = route != null ? route.getMetadata().get(METADATA_KEY) : null;
        if (configured == null) {
            return defaultMaxBytes;
        }
        return parsed.computeIfAbsent(configured, value -> value instanceof Number number
                ? number.longValue() : DataSize.parse(value.toString().strip()).toBytes());
    }

    private static boolean mayHaveBody(ServerHttpRequest request) {
        return request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING) || HttpMethod.POST.equals(request.getMethod())
                || HttpMethod.PUT.equals(request.getMethod()) || HttpMethod.PATCH.equals(request.getMethod());
    }

    private static ErrorResponseException tooLarge(long maxBytes) {
        ErrorResponseException tooLarge = new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE);
        tooLarge.setDetail("The request body is larger than " + maxBytes + " bytes.");
        return tooLarge;
    }

    @Override
    public int getOrder() {
        // Before CallerAuthentication (0) and the rate limits: an oversized request costs no Redis call.
        return -50;
    }

    /** The request with its body counted as it streams; the buffer that crosses the limit becomes a 413 error. */
    private static final class CountedBody extends ServerHttpRequestDecorator {

        private final ServerWebExchange exchange;
        private final long maxBytes;

        CountedBody(ServerHttpRequest delegate, ServerWebExchange exchange, long maxBytes) {
            super(delegate);
            this.exchange = exchange;
            this.maxBytes = maxBytes;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                long[] seen = { 0 };
                return super.getBody().handle((buffer, sink) -> {
                    seen[0] += buffer.readableByteCount();
                    if (seen[0] > maxBytes) {
                        DataBufferUtils.release(buffer);
                        exchange.getAttributes().put(EXCEEDED, Boolean.TRUE);
                        sink.error(tooLarge(maxBytes));
                    }
                    else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}
