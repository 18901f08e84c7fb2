package com.cityexplorer.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.cityexplorer.platform.security.session.SessionTokens;

import org.springframework.data.redis.core.StringRedisTemplate;

/** Sessions as user-service stores them in Redis, for gateway tests. */
final class TestSessions {

    private TestSessions() {
    }

    /** A live session of {@code userId} with {@code roles} (comma-separated); returns its token. */
    static String create(StringRedisTemplate redis, String userId, String roles) {
        String token = SessionTokens.newToken();
        String key = SessionTokens.sessionKey(SessionTokens.sessionId(token));
        redis.opsForHash().putAll(key, Map.of(
                SessionTokens.USER_ID, userId,
                SessionTokens.ROLES, roles,
                SessionTokens.CREATED_AT, Instant.now().toString(),
                SessionTokens.EXPIRES_AT, Instant.now().plus(Duration.ofHours(1)).toString()));
        redis.expire(key, Duration.ofHours(1));
        return token;
    }

    /** Removes every rate-limit bucket, so tests sharing one Redis do not inherit each other's. */
    static void clearBuckets(StringRedisTemplate redis) {
        var keys = redis.keys("ce:rate-limit:*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
