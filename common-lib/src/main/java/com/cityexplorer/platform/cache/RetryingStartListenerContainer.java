package com.cityexplorer.platform.cache;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * A Redis listener container whose start waits for Redis. Spring Data Redis retries a subscription lost
 * while running with its recovery back-off, but fails the first one at once: an instance started while
 * Redis (or the node, busy starting others) answers a little slowly would exit. This one keeps trying,
 * with a growing back-off, for up to {@code timeout}; until then the context is not refreshed, so the
 * instance is not ready and receives no traffic.
 */
final class RetryingStartListenerContainer extends RedisMessageListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(RetryingStartListenerContainer.class);

    private final RetryTemplate startRetry;
    private final Duration timeout;

    RetryingStartListenerContainer(Duration timeout) {
        this(timeout, Duration.ofMillis(250), new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                log.warn("Redis is not answering yet ({}); subscribing to cache evictions again", failure.toString());
            }
        });
    }

    RetryingStartListenerContainer(Duration timeout, Duration firstDelay, RetryListener retryListener) {
        this.timeout = timeout;
        this.startRetry = new RetryTemplate(RetryPolicy.builder()
            .maxRetries(Long.MAX_VALUE)
            .timeout(timeout)
            .delay(firstDelay)
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .predicate(RetryingStartListenerContainer::isRedisUnavailable)
            .build());
        this.startRetry.setRetryListener(retryListener);
    }

    @Override
    public void start() {
        try {
            startRetry.execute(() -> {
                try {
                    super.start();
                }
                catch (RuntimeException ex) {
                    // The failed start left the container marked as started; stopping it lets the next attempt subscribe.
                    super.stop();
                    throw ex;
                }
                return null;
            });
        }
        catch (RetryException ex) {
            throw new IllegalStateException("Could not subscribe to Redis for cache evictions (" + (ex.getRetryCount() + 1)
                    + " attempts, at most " + timeout + ")", ex.getLastException());
        }
    }

    /** No connection, a handshake that timed out, or a subscription not confirmed in time. */
    private static boolean isRedisUnavailable(Throwable failure) {
        return failure instanceof DataAccessException
                || failure instanceof IllegalStateException && failure.getCause() instanceof TimeoutException;
    }
}
