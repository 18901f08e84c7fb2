package com.cityexplorer.platform.web.reactive;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import com.cityexplorer.platform.web.Problems;
import com.cityexplorer.platform.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns every error of a reactive application (the gateway) into problem+json. An upstream that
 * refuses connections or is missing becomes 503 with Retry-After, an upstream that does not answer
 * in time 504, one that drops the connection mid-request 502; anything unexpected is a 500 without
 * details, logged with the request id.
 */
class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final JsonMapper jsonMapper;

    ProblemErrorWebExceptionHandler(JsonMapper jsonMapper) {
        // Spring's mixin writes ProblemDetail's extra properties (errors, requestId) at the top level, per RFC 9457.
        this.jsonMapper = jsonMapper.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        String path = exchange.getRequest().getPath().value();
        String requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        ProblemDetail problem = toProblem(ex, path, requestId);
        Problems.decorate(problem, path, requestId);

        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (ex instanceof ErrorResponse errorResponse) {
            errorResponse.getHeaders().forEach((name, values) -> {
                if (!headers.containsHeader(name)) {
                    headers.addAll(name, values);
                }
            });
        }
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        byte[] body = jsonMapper.writeValueAsBytes(problem);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private static ProblemDetail toProblem(Throwable ex, String path, String requestId) {
        if (hasCause(ex, ConnectException.class)) {
            log.warn("Upstream unavailable for {} [{}]: {}", path, requestId, ex.getMessage());
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service behind this route is unavailable. Try again shortly.", path, requestId);
        }
        if (hasCause(ex, IOException.class)) {
            // The instance closed or reset the connection mid-request (it crashed, or was killed).
            log.warn("Upstream connection lost for {} [{}]: {}", path, requestId, ex.toString());
            return Problems.of(HttpStatus.BAD_GATEWAY, "The service behind this route failed to answer. Try again.",
                    path, requestId);
        }
        if (hasCause(ex, TimeoutException.class)) {
            log.warn("Upstream timed out for {} [{}]", path, requestId);
            return Problems.of(HttpStatus.GATEWAY_TIMEOUT, "The service behind this route did not answer in time.",
                    path, requestId);
        }
        if (ex instanceof ErrorResponse errorResponse) {
            ProblemDetail body = errorResponse.getBody();
            HttpStatusCode status = errorResponse.getStatusCode();
            if (status.is5xxServerError() && status.value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
                log.error("Error on {} [{}]", path, requestId, ex);
                return Problems.of(HttpStatus.valueOf(status.value()),
                        "An unexpected error occurred. Quote the request id when reporting it.", path, requestId);
            }
            if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                // A plain ErrorResponseException is the platform's own, its detail written for clients (the gateway's
                // admission control); subclasses such as the load balancer's "no instance of <service>" are not.
                String detail = ex.getClass() == ErrorResponseException.class && body.getDetail() != null ? body.getDetail()
                        : "The service behind this route is unavailable. Try again shortly.";
                return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail, path, requestId);
            }
            ProblemDetail problem = ProblemDetail.forStatus(status);
            problem.setTitle(body.getTitle());
            problem.setDetail(body.getDetail());
            return problem;
        }
        log.error("Unhandled error on {} [{}]", path, requestId, ex);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. Quote the request id when reporting it.", path, requestId);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        // Before Boot's DefaultErrorWebExceptionHandler (-1) and WebFlux's ResponseStatus handler (0).
        return -2;
    }
}
