package com.cityexplorer.gateway.identity;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

import com.cityexplorer.platform.security.IdentityKeys;
import com.cityexplorer.platform.security.InternalIdentity;

/**
 * Signs the identity token ({@link InternalIdentity}) a service receives for a session. A token is
 * reused for half its lifetime per session, audience and roles: signing costs far more than a
 * cache lookup, and the session itself is still checked on every request.
 */
@Component
class IdentityTokenSigner {

    private final ECDSASigner signer;
    private final GatewayIdentitySettings settings;
    private final Cache<Issued, String> issued;

    IdentityTokenSigner(GatewayIdentitySettings settings) {
        if (settings.signingKey() == null || settings.signingKey().isBlank()) {
            throw new IllegalStateException("No key to sign caller identities: set CITY_EXPLORER_IDENTITY_SIGNING_KEY "
                    + "(city-explorer.gateway.identity.signing-key)");
        }
        try {
            this.signer = new ECDSASigner(IdentityKeys.privateKey(settings.signingKey()));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The identity signing key is not a P-256 key", ex);
        }
        this.settings = settings;
        this.issued = Caffeine.newBuilder()
            .expireAfterWrite(settings.tokenLifetime().dividedBy(2))
            .maximumSize(100_000)
            .build();
    }

    String tokenFor(SessionIdentity session, String audience) {
        return issued.get(new Issued(session.sessionId(), audience, session.roles()), key -> sign(session, audience));
    }

    /** What a token is issued for; a record rather than a joined string, which would be built on every request. */
    private record Issued(String sessionId, String audience, List<String> roles) {
    }

    private String sign(SessionIdentity session, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(InternalIdentity.ISSUER)
            .audience(audience)
            .subject(session.userId())
            .claim(InternalIdentity.ROLES_CLAIM, session.roles())
            .claim(InternalIdentity.SESSION_CLAIM, session.sessionId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(settings.tokenLifetime())))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign an identity token", ex);
        }
        return jwt.serialize();
    }
}
