package com.cityexplorer.gateway.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.security.session.SessionTokens;

/**
 * Checks session tokens against Redis, where user-service keeps them. Answers (including "no such
 * session") are remembered for at most {@code session-cache-ttl} (under a second) so a burst of requests
 * costs one Redis round trip, and forgotten at once when user-service announces a revocation.
 */
@Component
class SessionLookup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionLookup.class);

    private final ReactiveStringRedisTemplate redis;
    private final ReactiveRedisConnectionFactory connectionFactory;
    private final AsyncCache<String, Optional<SessionIdentity>> cache;
    private volatile Disposable revocations;

    SessionLookup(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
            GatewayIdentitySettings settings) {
        this.redis = redis;
        this.connectionFactory = connectionFactory;
        this.cache = Caffeine.newBuilder()
            .expireAfterWrite(settings.sessionCacheTtl())
            .maximumSize(100_000)
            .buildAsync();
    }

    /** The session a token opens, or empty when the token is unknown, revoked or expired. */
    Mono<Optional<SessionIdentity>> find(String token) {
        if (!SessionTokens.isWellFormed(token)) {
            return Mono.just(Optional.empty());
        }
        String sessionId = SessionTokens.sessionId(token);
        CompletableFuture<Optional<SessionIdentity>> answer = cache.get(sessionId, (id, executor) -> load(id).toFuture());
        // Most lookups find an answer already there: taken as it is, without subscribing to the future.
        Optional<SessionIdentity> known = answer.isDone() && !answer.isCompletedExceptionally() ? answer.join() : null;
        Mono<Optional<SessionIdentity>> session = known != null ? Mono.just(known) : Mono.fromFuture(answer, true);
        return session.map(found -> found.filter(live -> live.expiresAt().isAfter(Instant.now())));
    }

    private Mono<Optional<SessionIdentity>> load(String sessionId) {
        return redis.<String, String>opsForHash().entries(SessionTokens.sessionKey(sessionId))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .map(fields -> Optional.ofNullable(identity(sessionId, fields)));
    }

    private static SessionIdentity identity(String sessionId, Map<String, String> fields) {
        String userId = fields.get(SessionTokens.USER_ID);
        String expiresAt = fields.get(SessionTokens.EXPIRES_AT);
        if (userId == null || expiresAt == null) {
            return null;
        }
        return new SessionIdentity(sessionId, userId,
                Arrays.stream(fields.getOrDefault(SessionTokens.ROLES, "").split(",")).filter(role -> !role.isBlank()).toList(),
                Instant.parse(expiresAt));
    }

    void forget(String sessionId) {
        cache.synchronous().invalidate(sessionId);
    }

    @Override
    public void start() {
        // The listener container connects as soon as it is made, so it is made per subscription: a gateway starts
        // while Redis is down (anonymous requests are served; signed-in ones get 503 until sessions can be
        // checked) and subscribes once Redis is back.
        revocations = Flux.using(() -> new ReactiveRedisMessageListenerContainer(connectionFactory),
                    container -> container.receive(ChannelTopic.of(SessionTokens.REVOCATIONS_CHANNEL)),
                    ReactiveRedisMessageListenerContainer::destroy)
            .doOnNext(message -> forget(message.getMessage()))
            .doOnError(ex -> log.warn("Session revocations not received ({}); reconnecting. Local checks still expire "
                    + "within the cache time.", ex.toString()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable subscription = revocations;
        if (subscription != null) {
            subscription.dispose();
        }
        revocations = null;
    }

    @Override
    public boolean isRunning() {
        return revocations != null;
    }
}
