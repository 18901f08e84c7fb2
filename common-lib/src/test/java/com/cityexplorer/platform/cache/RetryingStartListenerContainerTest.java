package com.cityexplorer.platform.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.cityexplorer.infra.EmbeddedRedis;
import com.cityexplorer.infra.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against a real Redis started late: the eviction listener's start waits for it instead of failing the instance. */
class RetryingStartListenerContainerTest {

    final int port = FreePorts.find();
    final LettuceConnectionFactory connections = connectionsTo(port);
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failedAttempts = new AtomicInteger();
    RedisMessageListenerContainer container;
    EmbeddedRedis redis;

    @AfterEach
    void close() throws Exception {
        if (container != null) {
            container.destroy();
        }
        connections.destroy();
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPlainContainerFailsAtOnceWhenRedisIsNotThereYet() {
        container = listening(new RedisMessageListenerContainer());

        assertThatThrownBy(container::start).isInstanceOf(DataAccessException.class);
    }

    @Test
    void startWaitsForARedisThatComesUpLateAndThenHearsEvictions() {
        container = listening(new RetryingStartListenerContainer(Duration.ofSeconds(60), Duration.ofMillis(100), countingFailures()));
        CompletableFuture<Void> start = CompletableFuture.runAsync(container::start);

        await().atMost(Duration.ofSeconds(20)).until(() -> failedAttempts.get() >= 2);
        assertThat(start).isNotDone();

        redis = EmbeddedRedis.start(null, port);
        await().atMost(Duration.ofSeconds(30)).until(start::isDone);
        assertThat(start).isCompletedWithValue(null);
        assertThat(container.isListening()).isTrue();

        StringRedisTemplate publisher = new StringRedisTemplate(connections);
        publisher.convertAndSend("evictions", "place-42");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("place-42"));
    }

    @Test
    void givesUpAfterItsTimeoutWithTheLastConnectionFailure() {
        container = listening(new RetryingStartListenerContainer(Duration.ofSeconds(2), Duration.ofMillis(100), countingFailures()));

        assertThatThrownBy(container::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Could not subscribe to Redis for cache evictions")
            .cause().isInstanceOf(DataAccessException.class);
        assertThat(failedAttempts).hasValueGreaterThan(1);
        assertThat(container.isRunning()).isFalse();
    }

    private RedisMessageListenerContainer listening(RedisMessageListenerContainer listeners) {
        listeners.setConnectionFactory(connections);
        listeners.addMessageListener((message, pattern) -> received.add(new String(message.getBody())), ChannelTopic.of("evictions"));
        listeners.afterPropertiesSet();
        return listeners;
    }

    private RetryListener countingFailures() {
        return new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                failedAttempts.incrementAndGet();
            }
        };
    }

    private static LettuceConnectionFactory connectionsTo(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
