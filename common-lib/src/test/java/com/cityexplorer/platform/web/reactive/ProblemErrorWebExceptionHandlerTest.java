package com.cityexplorer.platform.web.reactive;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import com.cityexplorer.platform.web.RequestIds;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorWebExceptionHandlerTest {

    final ProblemErrorWebExceptionHandler handler = new ProblemErrorWebExceptionHandler(JsonMapper.builder().build());

    @Test
    void anUpstreamRefusingConnectionsIsA503WithRetryAfter() {
        MockServerWebExchange exchange = exchange("/api/v1/places/1");

        handler.handle(exchange, new IllegalStateException("wrapped", new ConnectException("Connection refused: 10.0.0.7"))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
        String body = exchange.getResponse().getBodyAsString().block();
        assertThat(JsonPath.<Integer>read(body, "$.status")).isEqualTo(503);
        assertThat(JsonPath.<String>read(body, "$.instance")).isEqualTo("/api/v1/places/1");
        assertThat(JsonPath.<String>read(body, "$.requestId")).isEqualTo("req-1");
        assertThat(body).doesNotContain("10.0.0.7");
    }

    @Test
    void anUpstreamTimeoutIsA504() {
        MockServerWebExchange exchange = exchange("/api/v1/cities");

        handler.handle(exchange, new TimeoutException("slow")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void anUpstreamDroppingTheConnectionMidRequestIsA502() {
        MockServerWebExchange exchange = exchange("/api/v1/places/1");

        handler.handle(exchange, new java.io.IOException("Connection prematurely closed BEFORE response")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("prematurely");
    }

    @Test
    void anOpenCircuitKeepsItsOwnRetryAfter() {
        MockServerWebExchange exchange = exchange("/api/v1/places/1");
        org.springframework.web.ErrorResponseException open = new org.springframework.web.ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        open.getHeaders().set("Retry-After", "30");

        handler.handle(exchange, open).block();

        assertThat(exchange.getResponse().getHeaders().get("Retry-After")).containsExactly("30");
    }

    @Test
    void keepsTheStatusOfAClientError() {
        MockServerWebExchange exchange = exchange("/nothing");

        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JsonPath.<Integer>read(exchange.getResponse().getBodyAsString().block(), "$.status")).isEqualTo(404);
    }

    @Test
    void anUnexpectedErrorIsA500ThatRevealsNothing() {
        MockServerWebExchange exchange = exchange("/api/v1/users/me");

        handler.handle(exchange, new IllegalArgumentException("password=hunter2 at line 42")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        String body = exchange.getResponse().getBodyAsString().block();
        assertThat(body).doesNotContain("hunter2").doesNotContain("IllegalArgumentException").contains("req-1");
    }

    private static MockServerWebExchange exchange(String path) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, "req-1");
        return exchange;
    }
}
