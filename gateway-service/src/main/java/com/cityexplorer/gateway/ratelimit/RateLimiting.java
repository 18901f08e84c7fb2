package com.cityexplorer.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.cityexplorer.gateway.identity.SessionIdentity;
import com.cityexplorer.gateway.ratelimit.RateLimitTiers.ResolvedTier;

/**
 * Token buckets in Redis, per user for calls with a live session and per client address for anonymous
 * ones, so the limits hold across any number of gateway instances. Tokens come from Redis
 * by an EVALSHA of Spring Cloud Gateway's own token-bucket script (the
 * {@code redisRequestRateLimiterScript} bean), called here with our own keys and arguments; a busy caller's
 * tokens are taken in batches ({@link TokenLeases}), so most of its requests cost no round trip, and the
 * others one (two when a batch no longer fits in the bucket and a single token is asked for). Its
 * {@code RequestRateLimiter} filter is not used because it takes one fixed rate per route and key
 * resolver, while the rate here depends on who is calling, and it does not answer in problem+json.
 * <p>
 * Every limited response carries {@code RateLimit-Limit} (the burst), {@code RateLimit-Remaining},
 * {@code RateLimit-Reset} (seconds until the bucket is full again) and {@code RateLimit-Policy}
 * (draft-ietf-httpapi-ratelimit-headers-07). Over the limit: 429 problem+json with {@code Retry-After}
 * (seconds until the next token), and the request goes no further.
 * <p>
 * When Redis does not answer (error, or not within {@code redis-timeout}) the request goes on
 * unlimited and without the headers: a rate limit protects the services, it must not become the
 * outage. Such requests are counted ({@code ce.gateway.rate-limit.unavailable}) and logged at most every
 * ten seconds. (Sessions themselves fail closed, in {@code CallerAuthentication}.)
 */
@Component
class RateLimiting implements GlobalFilter, Ordered {

    /**
     * After CallerAuthentication (-3), which leaves the session; before the route's circuit breaker and
     * retries (order 1 on): a refusal is not the service's failure, and a retried request is counted once.
     */
    static final int ORDER = -2;

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    static final String POLICY = "RateLimit-Policy";

    private static final Logger log = LoggerFactory.getLogger(RateLimiting.class);
    private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

    private final ReactiveStringRedisTemplate redis;
    private final RedisScript<List<Long>> tokenBucket;
    private final RateLimitSettings settings;
    private final RateLimitTiers tiers;
    private final TokenLeases leases;
    private final List<PathPattern> exempt;
    private final Map<String, Counter> rejected;
    private final Counter unavailable;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

    RateLimiting(ReactiveStringRedisTemplate redis,
            @Qualifier("redisRequestRateLimiterScript") RedisScript<List<Long>> tokenBucket, RateLimitSettings settings,
            MeterRegistry meters) {
        this.redis = redis;
        // The bean reads its script from a classpath resource and checks the resource for changes on every
        // call (a class-path lookup per request); the same text as a static script is hashed once.
        this.tokenBucket = RedisScript.of(tokenBucket.getScriptAsString(), tokenBucket.getResultType());
        this.settings = settings;
        this.tiers = new RateLimitTiers(settings.tiers());
        this.leases = new TokenLeases(settings.lease(), System::nanoTime);
        this.exempt = settings.exemptPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.rejected = settings.enabled()
                ? tiers.all().stream().collect(Collectors.toUnmodifiableMap(ResolvedTier::name,
                        tier -> Counter.builder("ce.gateway.rate-limit.rejected").tag("tier", tier.name())
                            .description("Requests refused with 429 by the gateway's rate limits").register(meters),
                        (first, second) -> first))
                : Map.of();
        this.unavailable = Counter.builder("ce.gateway.rate-limit.unavailable")
            .description("Requests let through unlimited because Redis did not answer the rate limit in time")
            .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!settings.enabled() || isExempt(exchange)) {
            return chain.filter(exchange);
        }
        SessionIdentity session = SessionIdentity.of(exchange);
        ResolvedTier tier = tiers.of(session);
        // One bucket per user whatever tier it is in now (a new role resizes it); hash-tagged so both of its
        // keys live on one Redis Cluster slot, as the script needs.
        String bucket = session != null ? "{user:" + session.userId() + "}" : "{client:" + clientAddress(exchange) + "}";
        long leased = leases.trySpend(bucket);
        if (leased >= 0) {
            return decide(exchange, chain, tier, new Decision(true, leased));
        }
        int batch = leases.nextBatch(bucket, tier);
        return take(bucket, tier, batch)
            // A batch the bucket cannot fill: the caller is near its limit, so ask for this request's token alone.
            .flatMap(decision -> decision.allowed() || batch == 1 ? Mono.just(decision) : take(bucket, tier, 1))
            .onErrorResume(ex -> {
                failOpen(ex);
                return Mono.just(Decision.UNKNOWN);
            })
            .defaultIfEmpty(Decision.UNKNOWN)
            .flatMap(decision -> decide(exchange, chain, tier, decision));
    }

    /** Takes {@code tokens} from the bucket in Redis; what is not spent by this request is leased. */
    private Mono<Decision> take(String bucket, ResolvedTier tier, int tokens) {
        return redis.execute(tokenBucket, List.of("ce:rate-limit:" + bucket + ".tokens", "ce:rate-limit:" + bucket + ".ts"),
                    tier.scriptArgs(tokens))
            .next()
            .timeout(settings.redisTimeout())
            .map(result -> {
                boolean allowed = result.get(0) == 1L;
                long remaining = result.get(1);
                if (allowed) {
                    leases.granted(bucket, tier, tokens, remaining);
                    return new Decision(true, remaining + tokens - 1);
                }
                leases.refused(bucket);
                return new Decision(false, remaining);
            });
    }

    private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, ResolvedTier tier, Decision decision) {
        if (decision == Decision.UNKNOWN) {
            return chain.filter(exchange);
        }
        long remaining = Math.max(0, decision.remaining());
        String reset = Long.toString(ceilSeconds(tier.burst() - remaining, tier.replenishPerSecond()));
        if (decision.allowed()) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(LIMIT, tier.limitHeader());
            headers.set(REMAINING, Long.toString(remaining));
            headers.set(RESET, reset);
            headers.set(POLICY, tier.policyHeader());
            return chain.filter(exchange);
        }
        rejected.get(tier.name()).increment();
        ErrorResponseException tooMany = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS);
        tooMany.setDetail("Too many requests. Try again in a moment.");
        HttpHeaders headers = tooMany.getHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(1 - remaining, tier.replenishPerSecond()))));
        headers.set(LIMIT, tier.limitHeader());
        headers.set(REMAINING, Long.toString(remaining));
        headers.set(RESET, reset);
        headers.set(POLICY, tier.policyHeader());
        return Mono.error(tooMany);
    }

    private boolean isExempt(ServerWebExchange exchange) {
        // The path the client asked for: route filters before this one (RewritePath on the health routes) may
        // have changed the request's, and they keep the original URL.
        Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        PathContainer path = originals == null || originals.isEmpty()
                ? exchange.getRequest().getPath().pathWithinApplication()
                : PathContainer.parsePath(originals.iterator().next().getRawPath());
        for (PathPattern pattern : exempt) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private void failOpen(Throwable ex) {
        unavailable.increment();
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("Rate limits not enforced: Redis did not answer ({}). Requests go on unlimited until it does; "
                    + "see the ce.gateway.rate-limit.unavailable counter.", ex.toString());
        }
    }

    private static long ceilSeconds(long tokens, int perSecond) {
        return tokens <= 0 ? 0 : (tokens + perSecond - 1) / perSecond;
    }

    /** The client, as ClientAddress (edge) put it in place of the connection's peer. */
    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private record Decision(boolean allowed, long remaining) {

        static final Decision UNKNOWN = new Decision(true, -1);
    }
}
