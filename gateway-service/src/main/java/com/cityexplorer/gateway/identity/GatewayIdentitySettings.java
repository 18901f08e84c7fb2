package com.cityexplorer.gateway.identity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway turns a client's session token into the identity the services trust
 * ({@code city-explorer.gateway.identity.*}).
 *
 * @param signingKey the private EC key (P-256, base64 PKCS#8) of the identity token, from
 *        {@code CITY_EXPLORER_IDENTITY_SIGNING_KEY}; its public half is the services' verification key
 * @param tokenLifetime how long an identity token is valid; a token is reused for half of that
 * @param sessionCacheTtl how long a session check is remembered locally; at most one second, so a
 *        logout on another gateway instance takes effect here within a second even if its
 *        revocation message is lost
 * @param strippedHeaders identity-looking headers a client may not send to a service
 * @param maxLoginFailuresPerClient failed logins from one client address within {@code loginFailureWindow}
 *        before further attempts are refused with 429
 * @param loginFailureWindow the window those failures are counted in
 */
@ConfigurationProperties("city-explorer.gateway.identity")
public record GatewayIdentitySettings(
        String signingKey,
        @DefaultValue("60s") Duration tokenLifetime,
        @DefaultValue("500ms") Duration sessionCacheTtl,
        @DefaultValue({ "X-User-Id", "X-User-Roles", "X-User-Email", "X-Roles", "X-Identity", "X-Authenticated-User",
            "X-Forwarded-User", "X-Remote-User", "X-Auth-Request-User" }) List<String> strippedHeaders,
        @DefaultValue("20") int maxLoginFailuresPerClient,
        @DefaultValue("15m") Duration loginFailureWindow) {

    public GatewayIdentitySettings {
        if (sessionCacheTtl.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("city-explorer.gateway.identity.session-cache-ttl must be at most 1s, so a "
                    + "logout takes effect on every gateway within a second; it is " + sessionCacheTtl);
        }
        if (tokenLifetime.compareTo(Duration.ofSeconds(10)) < 0 || tokenLifetime.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("city-explorer.gateway.identity.token-lifetime must be between 10s and 5m");
        }
    }
}
