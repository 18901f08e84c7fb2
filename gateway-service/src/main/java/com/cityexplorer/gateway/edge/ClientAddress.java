package com.cityexplorer.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts the client's address, as {@link ClientAddressSettings} says to find it, in place of the connection's peer
 * before anything reads it, so every filter that asks {@code getRemoteAddress()} gets the client and not the last
 * proxy, and no client can choose its address by sending {@code X-Forwarded-For}. Also kept as an exchange attribute
 * for the access log (its observation holds the request as it arrived). Spring Cloud Gateway's
 * {@link XForwardedRemoteAddressResolver} does the counting from the right.
 */
@Component
public class ClientAddress implements WebFilter, Ordered {

    /** The client's address as text, on every exchange. */
    public static final String ATTRIBUTE = ClientAddress.class.getName() + ".address";

    private final ClientAddressSettings settings;
    private final XForwardedRemoteAddressResolver forwardedFor;

    ClientAddress(ClientAddressSettings settings) {
        this.settings = settings;
        this.forwardedFor = settings.trustedProxies() > 0 ? XForwardedRemoteAddressResolver.maxTrustedIndex(settings.trustedProxies()) : null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        InetSocketAddress client = resolve(exchange, peer);
        exchange.getAttributes().put(ATTRIBUTE, client == null ? "unknown" : hostAddress(client));
        if (client == null || client.equals(peer)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request -> request.remoteAddress(client)).build());
    }

    private InetSocketAddress resolve(ServerWebExchange exchange, InetSocketAddress peer) {
        if (settings.header() != null && !settings.header().isBlank()) {
            InetSocketAddress fromHeader = parse(exchange.getRequest().getHeaders().getFirst(settings.header()));
            if (fromHeader != null) {
                return fromHeader;
            }
        }
        return forwardedFor != null ? forwardedFor.resolve(exchange) : peer;
    }

    /** {@code 198.51.100.10:46532}, {@code [2001:db8::1]:46532} or a bare address; null if it is none of those. */
    static InetSocketAddress parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String address = value.strip();
        int port = 0;
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            if (end < 0) {
                return null;
            }
            port = portAfter(address, end + 1);
            address = address.substring(1, end);
        } else if (address.indexOf(':') == address.lastIndexOf(':') && address.contains(":")) {
            port = portAfter(address, address.indexOf(':'));
            address = address.substring(0, address.indexOf(':'));
        }
        try {
            // A literal only: never a DNS lookup for a header value.
            return new InetSocketAddress(InetAddress.ofLiteral(address), Math.max(port, 0));
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static int portAfter(String value, int colon) {
        if (colon >= value.length() || value.charAt(colon) != ':') {
            return 0;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static String hostAddress(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    @Override
    public int getOrder() {
        // Before everything that looks at the client (the filters of rate limits, sessions, routes).
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
