package com.cityexplorer.gateway.routing;

import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TrailerHeadersFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import com.cityexplorer.platform.web.RequestIds;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;

/**
 * Spring Cloud Gateway's response-writing filter, except that a small upstream answer of known length is received
 * whole and written to the client together with its headers, in one write, as nginx does with its proxy buffers.
 * <p>
 * Spring's filter streams every body: the client's response headers go out in one write and each piece of the body in
 * another, so even a 400-byte answer that arrived from the service in a single read left the gateway in two system
 * calls (and two TCP segments the client then reads). Answers with a {@code Content-Length} of at most
 * {@link #WHOLE_BODY_LIMIT} bytes (nginx holds an answer in eight memory-page buffers by default, then spills to disk) are
 * gathered first and handed on as one buffer, which Spring and reactor-netty write with the headers. Anything larger,
 * of unknown length, empty, a {@code HEAD} answer or a streaming media type is streamed as Spring streams it.
 * <p>
 * One difference follows: an upstream connection that closes before the declared length has arrived now gives the
 * client a 502 problem answer (without the upstream's headers), instead of a 200 whose body is cut short.
 */
class UpstreamResponseWriter extends NettyWriteResponseFilter {

    static final long WHOLE_BODY_LIMIT = 64 * 1024;

    private final List<MediaType> streamingMediaTypes;

    UpstreamResponseWriter(List<MediaType> streamingMediaTypes, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        super(streamingMediaTypes, headersFilters);
        this.streamingMediaTypes = List.copyOf(streamingMediaTypes);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange)
            .then(Mono.defer(() -> receivedWhole(exchange) ? writeWhole(exchange)
                    // Spring's filter, after the chain that has already run: it streams (or discards) the body.
                    : super.filter(exchange, alreadyFiltered -> Mono.empty())))
            .doFinally(signal -> {
                if (signal == SignalType.CANCEL || signal == SignalType.ON_ERROR) {
                    Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
                    if (connection != null) {
                        connection.dispose();
                    }
                }
            });
    }

    private boolean receivedWhole(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        if (exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR) == null || response.isCommitted()
                || HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return false;
        }
        long length = response.getHeaders().getContentLength();
        if (length <= 0 || length > WHOLE_BODY_LIMIT) {
            return false;
        }
        MediaType contentType;
        try {
            contentType = response.getHeaders().getContentType();
        }
        catch (RuntimeException invalid) {
            return true; // Spring's filter does not stream an answer whose media type it cannot read either.
        }
        return contentType == null || streamingMediaTypes.stream().noneMatch(streaming -> streaming.isCompatibleWith(contentType));
    }

    private Mono<Void> writeWhole(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        Connection connection = exchange.getRequiredAttribute(CLIENT_RESPONSE_CONN_ATTR);
        // reactor-netty's aggregate() would do the same through a handle() step, for which Reactor puts the request's
        // observation into thread-locals and takes it out again (a tracing scope opened and closed per read: 2.5 % of the
        // gateway's CPU samples). The pieces are kept (retain) as they arrive and joined once the answer is complete.
        Mono<DataBuffer> body = connection.inbound().receive().retain()
            .collectList()
            .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
            .filter(pieces -> !pieces.isEmpty())
            .map(pieces -> wrap(joined(pieces, connection), response))
            // Cut short (reactor-netty's PrematureCloseException, an IOException): the error handler answers 502.
            .doOnError(cutShort -> forgetUpstreamHeaders(exchange));
        return response.writeWith(body)
            .then(TrailerHeadersFilter.filter(getHeadersFilters(), exchange, exchange.getAttribute(CLIENT_RESPONSE_ATTR)))
            .then();
    }

    private static ByteBuf joined(List<ByteBuf> pieces, Connection connection) {
        return pieces.size() == 1 ? pieces.getFirst()
                : connection.channel().alloc().compositeBuffer(pieces.size()).addComponents(true, pieces);
    }

    /** The upstream's headers described the answer that never arrived whole: its validators and caching rules must not
     * travel with the problem the client gets instead. The request id stays (the gateway set it, the service echoed it). */
    private static void forgetUpstreamHeaders(ServerWebExchange exchange) {
        Set<String> upstream = exchange.getAttribute(CLIENT_RESPONSE_HEADER_NAMES);
        if (upstream != null) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            upstream.stream().filter(name -> !RequestIds.HEADER.equalsIgnoreCase(name)).toList().forEach(headers::remove);
        }
    }
}
