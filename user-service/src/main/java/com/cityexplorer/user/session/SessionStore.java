package com.cityexplorer.user.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.security.Role;
import com.cityexplorer.platform.security.session.SessionTokens;

/**
 * Sessions in Redis, laid out as {@link SessionTokens} describes, so every gateway and service
 * instance sees the same ones. Each change is one Lua script: a session and the user's index of
 * sessions never disagree, and every revocation is announced to the gateways in the same step.
 */
@Component
public class SessionStore {

    /** KEYS: session, user index. ARGV: id, expiry ms, now ms, max per user, then field/value pairs. */
    private static final RedisScript<Long> CREATE = RedisScript.of("""
            local fields = {}
            for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', KEYS[1], unpack(fields))
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
            if excess > 0 then
              for _, old in ipairs(redis.call('ZPOPMIN', KEYS[2], excess)) do
                if old ~= ARGV[1] and string.len(old) == 43 then
                  redis.call('DEL', 'ce:session:' .. old)
                  redis.call('PUBLISH', '%s', old)
                end
              end
            end
            redis.call('PEXPIREAT', KEYS[2], ARGV[2])
            return 1
            """.formatted(SessionTokens.REVOCATIONS_CHANNEL), Long.class);

    /** KEYS: user index. ARGV: session id. Revokes only a session of this user. */
    private static final RedisScript<Long> REVOKE = RedisScript.of("""
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
            redis.call('DEL', 'ce:session:' .. ARGV[1])
            redis.call('PUBLISH', '%s', ARGV[1])
            return 1
            """.formatted(SessionTokens.REVOCATIONS_CHANNEL), Long.class);

    /** KEYS: user index. Revokes every session of the user. */
    private static final RedisScript<Long> REVOKE_ALL = RedisScript.of("""
            local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
            for _, id in ipairs(ids) do
              redis.call('DEL', 'ce:session:' .. id)
              redis.call('PUBLISH', '%s', id)
            end
            redis.call('DEL', KEYS[1])
            return #ids
            """.formatted(SessionTokens.REVOCATIONS_CHANNEL), Long.class);

    /**
     * KEYS: user index. ARGV: user id, role. Adds the role to each of the user's sessions that still
     * exists, in the format the gateway reads and {@link #create} writes: names sorted, comma-separated,
     * each once. HMGET of an expired or deleted session answers nothing, so no hash is brought back
     * (without its expiry); HSET of an existing one keeps its expiry. Returns how many sessions changed.
     * Lua compares strings by the server's collation, which orders the roles' plain upper-case names
     * as Java does.
     */
    private static final RedisScript<Long> GRANT_ROLE = RedisScript.of("""
            local changed = 0
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              local key = '%s' .. id
              local session = redis.call('HMGET', key, '%s', '%s')
              if session[1] == ARGV[1] then
                local seen, roles = {}, {}
                for role in string.gmatch(session[2] or '', '[^,]+') do
                  if not seen[role] then seen[role] = true; roles[#roles + 1] = role end
                end
                if not seen[ARGV[2]] then
                  roles[#roles + 1] = ARGV[2]
                  table.sort(roles)
                  redis.call('HSET', key, '%s', table.concat(roles, ','))
                  changed = changed + 1
                end
              end
            end
            return changed
            """.formatted(SessionTokens.sessionKey(""), SessionTokens.USER_ID, SessionTokens.ROLES, SessionTokens.ROLES), Long.class);

    private final StringRedisTemplate redis;
    private final SessionSettings settings;
    private final Clock clock;

    SessionStore(StringRedisTemplate redis, SessionSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session; the token is returned once, here, and stored only as its hash. */
    public NewSession create(String userId, Set<Role> roles, String userAgent) {
        String token = SessionTokens.newToken();
        String id = SessionTokens.sessionId(token);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.lifetime());
        List<String> args = new ArrayList<>(List.of(id, Long.toString(expiresAt.toEpochMilli()),
                Long.toString(now.toEpochMilli()), Integer.toString(settings.maxPerUser())));
        Map.of(SessionTokens.USER_ID, userId,
                SessionTokens.ROLES, roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                SessionTokens.CREATED_AT, now.toString(),
                SessionTokens.EXPIRES_AT, expiresAt.toString(),
                SessionTokens.USER_AGENT, userAgent == null ? "" : truncate(userAgent))
            .forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
        redis.execute(CREATE, List.of(SessionTokens.sessionKey(id), SessionTokens.userSessionsKey(userId)), args.toArray());
        return new NewSession(token, new Session(id, userId, roles, now, expiresAt, userAgent));
    }

    public Optional<Session> find(String sessionId) {
        Map<Object, Object> fields = redis.opsForHash().entries(SessionTokens.sessionKey(sessionId));
        return session(sessionId, fields);
    }

    /** The user's live sessions, newest first. */
    public List<Session> list(String userId) {
        Set<String> ids = redis.opsForZSet().rangeByScore(SessionTokens.userSessionsKey(userId),
                clock.millis(), Double.POSITIVE_INFINITY);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> ordered = List.copyOf(ids);
        List<Object> all = redis.executePipelined((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            ordered.forEach(id -> connection.hashCommands().hGetAll(SessionTokens.sessionKey(id).getBytes()));
            return null;
        });
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> fields = (Map<Object, Object>) all.get(i);
            session(ordered.get(i), fields).filter(session -> session.userId().equals(userId)).ifPresent(sessions::add);
        }
        sessions.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        return sessions;
    }

    /** Revokes one of the user's sessions; false when the user has no such session. */
    public boolean revoke(String userId, String sessionId) {
        return Long.valueOf(1).equals(redis.execute(REVOKE, List.of(SessionTokens.userSessionsKey(userId)), sessionId));
    }

    public void revokeAll(String userId) {
        redis.execute(REVOKE_ALL, List.of(SessionTokens.userSessionsKey(userId)));
    }

    /**
     * Gives every live session of the user a role, in one step: the gateway reads a session's roles
     * from Redis on its next request (after its local copy, at most a second old, expires), so the
     * user need not sign in again. Sessions opened later take their roles from the account. A repeat
     * changes nothing. Returns how many sessions gained the role.
     */
    public int grantRole(String userId, Role role) {
        Long changed = redis.execute(GRANT_ROLE, List.of(SessionTokens.userSessionsKey(userId)), userId, role.name());
        return changed == null ? 0 : changed.intValue();
    }

    private static Optional<Session> session(String id, Map<Object, Object> fields) {
        if (fields == null || fields.isEmpty() || fields.get(SessionTokens.USER_ID) == null) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(String.valueOf(fields.getOrDefault(SessionTokens.ROLES, "")).split(","))
            .filter(name -> !name.isBlank())
            .forEach(name -> roles.add(Role.valueOf(name)));
        String userAgent = String.valueOf(fields.getOrDefault(SessionTokens.USER_AGENT, ""));
        return Optional.of(new Session(id, String.valueOf(fields.get(SessionTokens.USER_ID)), roles,
                Instant.parse(String.valueOf(fields.get(SessionTokens.CREATED_AT))),
                Instant.parse(String.valueOf(fields.get(SessionTokens.EXPIRES_AT))),
                userAgent.isEmpty() ? null : userAgent));
    }

    private static String truncate(String userAgent) {
        String printable = userAgent.replaceAll("\\p{Cntrl}", "");
        return printable.length() > 200 ? printable.substring(0, 200) : printable;
    }

    /** A session just created, with the one copy of its token. */
    public record NewSession(String token, Session session) {
    }
}
