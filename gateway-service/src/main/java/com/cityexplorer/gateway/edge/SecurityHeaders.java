package com.cityexplorer.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Browser-hardening headers on every response of the gateway: routed ones and its own (401, 404, 413,
 * 429, 503 problems, actuator, Swagger UI). Set just before the response is committed, so they replace
 * whatever a service sent (Spring Security's copies) instead of doubling them, and cover error answers
 * that never pass a route. (Spring Cloud Gateway's SecureHeaders filter only sees routed requests.)
 * {@code Cache-Control} is left to the services.
 * <p>
 * API responses get {@code default-src 'none'}: JSON needs nothing. The Swagger UI pages load their own
 * scripts, styles (also inline) and images (also data: URIs) and fetch the API documents, so they get a
 * policy allowing exactly that from the gateway itself. {@code Strict-Transport-Security} only when the
 * request arrived over HTTPS (directly, or per {@code X-Forwarded-Proto} from a TLS-terminating proxy);
 * browsers ignore it over plain HTTP anyway.
 */
@Component
class SecurityHeaders implements WebFilter, Ordered {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        // Decided now, applied at commit: one small closure per request, no header copies.
        String policy = isDocsPage(request.getPath().value()) ? DOCS_POLICY : API_POLICY;
        // TLS here, or at a proxy: its X-Forwarded-Proto (or a scheme a forwarded-headers strategy derived from it).
        boolean secure = request.getSslInfo() != null
                || "https".equalsIgnoreCase(request.getHeaders().getFirst("X-Forwarded-Proto"))
                || "https".equals(request.getURI().getScheme());
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", policy);
            if (secure) {
                headers.set("Strict-Transport-Security", HSTS);
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private static boolean isDocsPage(String path) {
        return path.startsWith("/swagger-ui") || path.startsWith("/webjars/");
    }

    @Override
    public int getOrder() {
        // Right after the request id filter, before anything that could answer on its own.
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
