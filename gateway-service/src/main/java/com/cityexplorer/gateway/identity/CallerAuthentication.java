package com.cityexplorer.gateway.identity;

import java.net.URI;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Decides who is calling, for every routed request. Whatever identity a client sends is removed
 * (its {@code Authorization} and any identity-looking header). A bearer token is checked against the
 * session store: a live session becomes the identity token the target service verifies; anything else
 * is 401 here, before a service is bothered. Without a token the request goes on anonymously and the
 * service decides, per endpoint, whether that is enough.
 * <p>
 * A live session is also left in the exchange's attributes ({@link SessionIdentity#ATTRIBUTE}) for the
 * filters after this one (rate limits); anonymous requests are left untouched, to stay cheap.
 * <p>
 * Written as a gateway filter rather than a Spring Security chain: the gateway authorises nothing
 * itself (each service declares its rules), it only exchanges one token for another.
 */
@Component
class CallerAuthentication implements GlobalFilter, Ordered {

    private final SessionLookup sessions;
    private final IdentityTokenSigner signer;
    private final GatewayIdentitySettings settings;

    CallerAuthentication(SessionLookup sessions, IdentityTokenSigner signer, GatewayIdentitySettings settings) {
        this.sessions = sessions;
        this.signer = signer;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null && !carriesIdentityHeaders(request)) {
            // Most requests: anonymous and clean. Forwarded as they are (a mutated request copies every header).
            return chain.filter(exchange);
        }
        if (authorization == null) {
            return chain.filter(exchange.mutate().request(withIdentity(request, null)).build());
        }
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
        if (token == null) {
            return Mono.error(unauthorized("Use a bearer token from POST /api/v1/sessions."));
        }
        String audience = audience(exchange);
        return sessions.find(token)
            .onErrorMap(DataAccessException.class, ex -> unavailable())
            .flatMap(session -> session
                .map(live -> {
                    // Shared with the mutated exchange below (it delegates its attributes): the rate limits read it.
                    exchange.getAttributes().put(SessionIdentity.ATTRIBUTE, live);
                    if (endsOwnSession(request)) {
                        forgetOnSuccess(exchange, live);
                    }
                    return live;
                })
                .map(live -> chain.filter(exchange.mutate()
                    .request(withIdentity(request, "Bearer " + signer.tokenFor(live, audience)))
                    .build()))
                .orElseGet(() -> Mono.error(unauthorized("The token is unknown, expired or signed out."))));
    }

    /** Signing out, or deleting one's account (which revokes every session of it). */
    private static boolean endsOwnSession(ServerHttpRequest request) {
        String path = request.getPath().value();
        return request.getMethod() == HttpMethod.DELETE && (path.equals("/api/v1/sessions/current") || path.equals("/api/v1/users/me"));
    }

    /**
     * Forgets the session here as the service's success is answered, before the client can send its next request:
     * the revocation user-service announces reaches this instance's cache a little later (and the other instances'
     * within the cache's lifetime at worst), and the contract says the token stops working at once.
     */
    private void forgetOnSuccess(ServerWebExchange exchange, SessionIdentity session) {
        exchange.getResponse().beforeCommit(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            if (status != null && status.is2xxSuccessful()) {
                sessions.forget(session.sessionId());
            }
            return Mono.empty();
        });
    }

    /**
     * The request with the client's {@code Authorization} and identity-looking headers left out, and
     * {@code authorization} (the identity token for the service) in their place when there is one. The headers are
     * copied through the map's own entries: {@code request.mutate()} copies them by {@code HttpHeaders.addAll}, which
     * builds a case-insensitive set of their names on the way, on every signed-in request.
     */
    private ServerHttpRequest withIdentity(ServerHttpRequest request, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
            if (!isIdentityHeader(header.getKey())) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        if (authorization != null) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
        }
        HttpHeaders forwarded = HttpHeaders.readOnlyHttpHeaders(headers);
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return forwarded;
            }
        };
    }

    private boolean isIdentityHeader(String name) {
        if (name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
            return true;
        }
        for (String stripped : settings.strippedHeaders()) {
            if (name.equalsIgnoreCase(stripped)) {
                return true;
            }
        }
        return false;
    }

    private boolean carriesIdentityHeaders(ServerHttpRequest request) {
        // A lookup per stripped name: listing the request's header names builds a case-insensitive set each time.
        HttpHeaders headers = request.getHeaders();
        for (String name : settings.strippedHeaders()) {
            if (headers.containsHeader(name)) {
                return true;
            }
        }
        return false;
    }

    /** The service the route leads to ({@code lb://user-service} → {@code user-service}). */
    private static String audience(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI uri = route != null ? route.getUri() : null;
        return uri != null && uri.getHost() != null ? uri.getHost() : "unknown";
    }

    private static ErrorResponseException unauthorized(String detail) {
        ErrorResponseException unauthorized = new ErrorResponseException(HttpStatus.UNAUTHORIZED);
        unauthorized.setDetail(detail);
        unauthorized.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        return unauthorized;
    }

    private static ErrorResponseException unavailable() {
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
    }

    /**
     * After the route is chosen, before the route's own filters (the circuit breaker and retries, from
     * order 1) and the load balancer (10150): a bad token is the caller's failure, never the service's,
     * and is checked once, not per retry. The rate limits ({@code RateLimiting.ORDER}) come just after.
     */
    static final int ORDER = -3;

    @Override
    public int getOrder() {
        return ORDER;
    }
}
