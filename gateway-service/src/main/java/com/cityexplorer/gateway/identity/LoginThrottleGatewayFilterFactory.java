package com.cityexplorer.gateway.identity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

import com.cityexplorer.platform.security.session.LoginFailures;

/**
 * {@code LoginThrottle}: counts failed logins (401 from user-service) per client address in Redis,
 * shared by every gateway instance, and refuses further attempts from that client with 429 and
 * {@code Retry-After} once {@code max-login-failures-per-client} is reached, before user-service
 * spends a password hash on them. (user-service locks each email on its own.)
 * <p>
 * The client address is what {@code ClientAddress} (edge) resolved: behind proxies, set
 * {@code city-explorer.gateway.client-address.trusted-proxies}, or every client would share the proxy's address.
 */
@Component
class LoginThrottleGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of(LoginFailures.RECORD_SCRIPT, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final GatewayIdentitySettings settings;

    LoginThrottleGatewayFilterFactory(ReactiveStringRedisTemplate redis, GatewayIdentitySettings settings) {
        super(Object.class);
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> {
            String key = LoginFailures.clientKey(clientAddress(exchange));
            return redis.opsForValue().get(key).map(Long::parseLong).defaultIfEmpty(0L)
                .onErrorMap(DataAccessException.class, ex -> new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE))
                .flatMap(failures -> {
                    if (failures >= settings.maxLoginFailuresPerClient()) {
                        return redis.getExpire(key).defaultIfEmpty(settings.loginFailureWindow())
                            .flatMap(remaining -> Mono.error(tooManyFailures(remaining)));
                    }
                    // Counted before the answer leaves, so the client's next attempt already sees it.
                    exchange.getResponse().beforeCommit(() -> HttpStatus.UNAUTHORIZED.equals(exchange.getResponse().getStatusCode())
                            ? redis.execute(RECORD_FAILURE, List.of(key), List.of(Long.toString(settings.loginFailureWindow().toMillis())))
                                .then().onErrorComplete()
                            : Mono.empty());
                    return chain.filter(exchange);
                });
        };
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "unknown";
    }

    private static ErrorResponseException tooManyFailures(Duration remaining) {
        ErrorResponseException locked = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS);
        locked.setDetail("Too many failed sign-ins from this client. Try again later.");
        long seconds = remaining.isNegative() || remaining.isZero() ? 1 : Math.max(1, (remaining.toMillis() + 999) / 1000);
        locked.getHeaders().set("Retry-After", Long.toString(seconds));
        return locked;
    }
}
