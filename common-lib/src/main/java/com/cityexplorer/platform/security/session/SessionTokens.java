package com.cityexplorer.platform.security.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The layout of sessions in Redis, shared by user-service (which writes them) and the gateway (which
 * checks them).
 * <p>
 * A session token is 256 random bits, given to the client once. Redis keeps only its SHA-256, which is
 * also the session's id: a copy of Redis (or a listing of sessions) holds no token that works. A slow
 * password hash is not needed here: the token has full entropy, so it cannot be guessed from its hash.
 * <ul>
 * <li>{@code ce:session:<id>}: a hash with the fields below, expiring with the session;</li>
 * <li>{@code ce:user-sessions:<userId>}: a sorted set of the user's session ids, scored by expiry;</li>
 * <li>{@code ce:session-revocations}: a channel; each message is a revoked session id, so gateways
 * drop it from their short local caches at once.</li>
 * </ul>
 */
public final class SessionTokens {

    public static final String REVOCATIONS_CHANNEL = "ce:session-revocations";
    public static final String USER_ID = "userId";
    public static final String ROLES = "roles";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String USER_AGENT = "userAgent";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** Cloned per use: a copy is cheaper than a provider look-up by name, and the gateway hashes a token per request. */
    private static final MessageDigest SHA_256 = sha256();

    private SessionTokens() {
    }

    /** A new token: 32 bytes from a CSPRNG, base64url (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** The id under which a token's session is stored: its SHA-256, base64url. */
    public static String sessionId(String token) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA_256.clone();
        }
        catch (CloneNotSupportedException ex) {
            sha256 = sha256();
        }
        return BASE64URL.encodeToString(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether a string can be a token at all; anything else is rejected without asking Redis. */
    public static boolean isWellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(SessionTokens::isBase64Url);
    }

    public static String sessionKey(String sessionId) {
        return "ce:session:" + sessionId;
    }

    public static String userSessionsKey(String userId) {
        return "ce:user-sessions:" + userId;
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
