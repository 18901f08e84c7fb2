package com.cityexplorer.user.session;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.security.session.LoginFailures;

/**
 * Failed logins per email, counted in Redis so every instance sees the same count: after
 * {@code maxFailuresPerEmail} failures the email is locked until its window ends. Unknown emails are
 * counted like known ones, so the lock reveals nothing. (Failures per client are counted at the gateway,
 * which knows the client's address.)
 */
@Component
class LoginAttempts {

    private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of(LoginFailures.RECORD_SCRIPT, Long.class);

    private final StringRedisTemplate redis;
    private final SessionSettings settings;

    LoginAttempts(StringRedisTemplate redis, SessionSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** How long this email stays locked, if it is. */
    Optional<Duration> lockedFor(String normalisedEmail) {
        String key = key(normalisedEmail);
        String count = redis.opsForValue().get(key);
        if (count == null || Long.parseLong(count) < settings.maxFailuresPerEmail()) {
            return Optional.empty();
        }
        Long millis = redis.getExpire(key, java.util.concurrent.TimeUnit.MILLISECONDS);
        return Optional.of(Duration.ofMillis(millis == null || millis < 0 ? settings.failureWindow().toMillis() : millis));
    }

    void recordFailure(String normalisedEmail) {
        redis.execute(RECORD_FAILURE, java.util.List.of(key(normalisedEmail)),
                Long.toString(settings.failureWindow().toMillis()));
    }

    void clear(String normalisedEmail) {
        redis.delete(key(normalisedEmail));
    }

    private static String key(String normalisedEmail) {
        return LoginFailures.emailKey(normalisedEmail);
    }
}
