package com.cityexplorer.platform.security.session;

/**
 * Failed-login counters in Redis, shared by user-service (per email) and the gateway (per client
 * address): a fixed window per key, started by its first failure. A window counter is two Redis
 * commands in one script; a token-bucket library would model request rates, not failures.
 */
public final class LoginFailures {

    /** KEYS[1]: the counter; ARGV[1]: the window in milliseconds. Returns the count so far. */
    public static final String RECORD_SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return count
            """;

    private LoginFailures() {
    }

    /** Keyed by a hash, so Redis holds no list of who tried to sign in. */
    public static String emailKey(String normalisedEmail) {
        return "ce:login-failures:email:" + SessionTokens.sessionId(normalisedEmail);
    }

    public static String clientKey(String clientAddress) {
        return "ce:login-failures:client:" + clientAddress;
    }
}
