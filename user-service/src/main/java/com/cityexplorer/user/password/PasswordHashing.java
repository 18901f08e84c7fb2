package com.cityexplorer.user.password;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Argon2id password hashes, computed in a bulkhead: by default at most one hash per two CPUs at a time
 * ({@code city-explorer.passwords.max-concurrent-hashes}), and a caller
 * that cannot get a slot within a second gets 503 with Retry-After. A flood of logins or sign-ups
 * therefore queues here instead of taking every core from the requests that need none; at least half
 * the CPUs stay free for them.
 * <p>
 * Hashes carry their algorithm ({@code {argon2}...}), so the parameters can be raised later and old
 * hashes still verify.
 */
@Component
public class PasswordHashing {

    private final PasswordEncoder encoder;
    private final Bulkhead bulkhead;
    /** Checked against when there is no account, so an unknown email costs as much as a wrong password. */
    private final String decoyHash;

    PasswordHashing(MeterRegistry meterRegistry,
            @Value("${city-explorer.passwords.max-concurrent-hashes:0}") int maxConcurrentHashes) {
        this.encoder = new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxConcurrentCalls(maxConcurrentHashes > 0 ? maxConcurrentHashes
                    : Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
            .maxWaitDuration(Duration.ofSeconds(1))
            .build());
        this.bulkhead = registry.bulkhead("password-hashing");
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meterRegistry);
        this.decoyHash = encoder.encode("decoy-password-" + System.nanoTime());
    }

    public String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    /** Spends the same time as {@link #matches} would, and is always false. */
    public boolean matchesNothing(String password) {
        bounded(() -> encoder.matches(password, decoyHash));
        return false;
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            return bulkhead.executeSupplier(work);
        }
        catch (BulkheadFullException ex) {
            ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
            busy.setDetail("Too many sign-ins at once. Try again in a moment.");
            busy.getHeaders().set("Retry-After", "1");
            throw busy;
        }
    }
}
