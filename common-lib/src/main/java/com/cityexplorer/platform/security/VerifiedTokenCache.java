package com.cityexplorer.platform.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers identity tokens this service has already verified, until they expire. The gateway reuses a
 * token for many requests of one session, and an ES256 check costs far more than a lookup; the key is
 * the whole token (signature included), so only the very bytes that passed are ever skipped, and expiry
 * is checked again on every hit.
 */
class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Duration clockSkew;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder()
        .maximumSize(50_000)
        .expireAfterWrite(Duration.ofMinutes(5))
        .build();

    VerifiedTokenCache(JwtDecoder delegate, Duration clockSkew) {
        this.delegate = delegate;
        this.clockSkew = clockSkew;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && known.getExpiresAt().plus(clockSkew).isAfter(Instant.now())) {
            return known;
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
