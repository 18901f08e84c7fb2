package com.cityexplorer.gateway.identity;

import java.time.Instant;
import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * A live session as the gateway needs it: whose it is and with which roles. {@link CallerAuthentication}
 * leaves it in the exchange's attributes ({@link #ATTRIBUTE}) for the filters after it (rate limits key
 * and tier on it); anonymous requests have none.
 */
public record SessionIdentity(String sessionId, String userId, List<String> roles, Instant expiresAt) {

    public static final String ATTRIBUTE = SessionIdentity.class.getName();

    /** The caller's live session, or null for an anonymous request. */
    public static SessionIdentity of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
