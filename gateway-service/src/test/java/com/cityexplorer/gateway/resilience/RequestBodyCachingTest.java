package com.cityexplorer.gateway.resilience;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.event.EnableBodyCachingEvent;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are kept for a retry or a fallback only where there is one: a request without a body
 * goes on as it came, its (empty) body never read; one with a body, by length or chunked, is read once
 * and kept.
 */
class RequestBodyCachingTest {

    static final String ROUTE = "place-api";

    private final RequestBodyCaching caching = new RequestBodyCaching();
    private final AtomicBoolean bodyRead = new AtomicBoolean();

    @BeforeEach
    void routeCachesBodies() {
        // What the circuit breaker's fallback and the retry filter announce for every route they are on.
        caching.onApplicationEvent(new EnableBodyCachingEvent(this, ROUTE));
    }

    @Test
    void aRequestWithoutABodyGoesOnAsItCameAndItsBodyIsNeverRead() {
        MockServerWebExchange exchange = routed(MockServerHttpRequest.method(HttpMethod.GET, "/api/v1/places/paris-eiffel-tower").body(watched("")));

        ServerWebExchange forwarded = filter(exchange);

        assertThat(forwarded).isSameAs(exchange);
        assertThat(bodyRead).as("body subscribed").isFalse();
        assertThat(forwarded.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNull();
    }

    @Test
    void aBodyWithALengthIsReadOnceAndKeptForASecondAttempt() {
        String json = "{\"name\":\"Louvre\"}";
        MockServerWebExchange exchange = routed(MockServerHttpRequest.post("/api/v1/places")
            .contentLength(json.length()).body(watched(json)));

        ServerWebExchange forwarded = filter(exchange);

        assertThat(bodyRead).isTrue();
        assertThat(forwarded.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNotNull();
        assertThat(text(forwarded)).isEqualTo(json);
        assertThat(text(forwarded)).as("read again, as a retry would").isEqualTo(json);
    }

    @Test
    void aChunkedBodyIsABodyToo() {
        String json = "{\"name\":\"Louvre\"}";
        MockServerWebExchange exchange = routed(MockServerHttpRequest.post("/api/v1/places")
            .header(HttpHeaders.TRANSFER_ENCODING, "chunked").body(watched(json)));

        ServerWebExchange forwarded = filter(exchange);

        assertThat(forwarded.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNotNull();
        assertThat(text(forwarded)).isEqualTo(json);
    }

    @Test
    void whatCountsAsABody() {
        HttpHeaders headers = new HttpHeaders();
        assertThat(RequestBodyCaching.hasBody(headers)).isFalse();
        headers.setContentLength(0);
        assertThat(RequestBodyCaching.hasBody(headers)).as("Content-Length: 0").isFalse();
        headers.setContentLength(1);
        assertThat(RequestBodyCaching.hasBody(headers)).isTrue();
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
        assertThat(RequestBodyCaching.hasBody(headers)).isTrue();
    }

    private Flux<DataBuffer> watched(String body) {
        return Flux.defer(() -> {
            bodyRead.set(true);
            return body.isEmpty() ? Flux.empty()
                : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8)));
        });
    }

    private static MockServerWebExchange routed(MockServerHttpRequest request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        Route route = Route.async().id(ROUTE).uri("lb://place-service").predicate(any -> true).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    private ServerWebExchange filter(ServerWebExchange exchange) {
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        caching.filter(exchange, forwarded -> {
            seen.set(forwarded);
            return Mono.empty();
        }).block();
        assertThat(seen.get()).as("the request went on").isNotNull();
        return seen.get();
    }

    private static String text(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody())
            .map(buffer -> buffer.toString(StandardCharsets.UTF_8)).block();
    }
}
