package com.cityexplorer.test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The test JVM's identity keys and a stand-in for the gateway's signer, so a test can call a service
 * directly as a given user. Services in tests trust {@link #verificationKey()} (set by
 * {@link PlatformInfrastructure#springProperties()}); a gateway under test signs with {@link #signingKey()}.
 * (common-lib's own key code cannot be used here: common-lib's tests depend on this module.)
 */
public final class TestIdentity {

    private static final KeyPair KEYS = generate();
    private static final KeyPair STRANGER = generate();

    private TestIdentity() {
    }

    public static String signingKey() {
        return Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
    }

    public static String verificationKey() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** {@code Bearer <token>} for {@code userId} with {@code roles}, valid for one minute at {@code audience}. */
    public static String bearer(String audience, String userId, String... roles) {
        return "Bearer " + token(KEYS, audience, userId, UUID.randomUUID().toString(), Duration.ofMinutes(1), roles);
    }

    /** As {@link #bearer}, for a given session id. */
    public static String bearerForSession(String audience, String userId, String sessionId, String... roles) {
        return "Bearer " + token(KEYS, audience, userId, sessionId, Duration.ofMinutes(1), roles);
    }

    /** A well-formed token signed with a key the services do not trust. */
    public static String forgedBearer(String audience, String userId, String... roles) {
        return "Bearer " + token(STRANGER, audience, userId, UUID.randomUUID().toString(), Duration.ofMinutes(1), roles);
    }

    /** A token that expired {@code ago}. */
    public static String expiredBearer(String audience, String userId, Duration ago) {
        return "Bearer " + token(KEYS, audience, userId, UUID.randomUUID().toString(), ago.negated(), "USER");
    }

    private static String token(KeyPair keys, String audience, String userId, String sessionId, Duration lifetime,
            String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer("city-explorer-gateway")
            .audience(audience)
            .subject(userId)
            .claim("roles", List.of(roles))
            .claim("sid", sessionId)
            .issueTime(Date.from(now.minus(lifetime.isNegative() ? lifetime.negated().plusMinutes(1) : Duration.ZERO)))
            .expirationTime(Date.from(now.plus(lifetime)))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        try {
            jwt.sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

    static ECPublicKey publicKey() {
        return (ECPublicKey) KEYS.getPublic();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
