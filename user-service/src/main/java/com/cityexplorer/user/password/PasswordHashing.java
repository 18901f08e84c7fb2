package com.cityexplorer.user.password;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedThreadPoolBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Argon2id password hashes, computed on a small pool of their own: by default one thread per two CPUs
 * ({@code city-explorer.passwords.max-concurrent-hashes}) and a short queue ({@code queue}). When both
 * are full a caller gets 503 with Retry-After at once. A flood of logins or sign-ups is therefore turned
 * away instead of piling up (each waiting request holds memory) or taking every core from the requests
 * that need none; and the hashing never runs on, and so never blocks, the carrier threads that run the
 * service's virtual threads.
 * <p>
 * Hashes carry their algorithm ({@code {argon2}...}), so the parameters can be raised later and old
 * hashes still verify.
 */
@Component
public class PasswordHashing implements DisposableBean {

    private final PasswordEncoder encoder;
    private final ThreadPoolBulkhead bulkhead;
    private final Bulkhead admission;
    /** Checked against when there is no account, so an unknown email costs as much as a wrong password. */
    private final String decoyHash;

    PasswordHashing(MeterRegistry meterRegistry,
            @Value("${city-explorer.passwords.max-concurrent-hashes:0}") int maxConcurrentHashes,
            @Value("${city-explorer.passwords.queue:8}") int queue) {
        this.encoder = new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
        int threads = maxConcurrentHashes > 0 ? maxConcurrentHashes
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        ThreadPoolBulkheadRegistry registry = ThreadPoolBulkheadRegistry.of(ThreadPoolBulkheadConfig.custom()
            .coreThreadPoolSize(threads)
            .maxThreadPoolSize(threads)
            .queueCapacity(queue)
            .build());
        this.bulkhead = registry.bulkhead("password-hashing");
        TaggedThreadPoolBulkheadMetrics.ofThreadPoolBulkheadRegistry(registry).bindTo(meterRegistry);
        // As many operations in flight as can be hashing or queued; the rest are turned away before they
        // spend a database or Redis round trip, so a flood cannot pile up requests (and memory) either.
        BulkheadRegistry admissions = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxConcurrentCalls(threads + queue)
            .maxWaitDuration(Duration.ZERO)
            .build());
        this.admission = admissions.bulkhead("password-operations");
        TaggedBulkheadMetrics.ofBulkheadRegistry(admissions).bindTo(meterRegistry);
        this.decoyHash = encoder.encode("decoy-password-" + System.nanoTime());
    }

    /**
     * Runs a whole operation that will check or make a password hash (a login, a sign-up, a password
     * change), or answers 503 at once when as many are already in flight as the hashing pool can take.
     */
    public <T> T admit(Supplier<T> operation) {
        try {
            return admission.executeSupplier(operation);
        }
        catch (BulkheadFullException ex) {
            throw busy();
        }
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
            return bulkhead.executeSupplier(work).toCompletableFuture().join();
        }
        catch (java.util.concurrent.CompletionException ex) {
            if (ex.getCause() instanceof BulkheadFullException) {
                throw busy();
            }
            throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
        }
        catch (BulkheadFullException ex) {
            throw busy();
        }
    }

    private static ErrorResponseException busy() {
        ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        busy.setDetail("Too many sign-ins at once. Try again in a moment.");
        busy.getHeaders().set("Retry-After", "1");
        return busy;
    }

    @Override
    public void destroy() throws Exception {
        bulkhead.close();
    }
}
