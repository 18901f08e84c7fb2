package com.cityexplorer.platform.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.cityexplorer.test.PlatformInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ReadinessState;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against a real Redis: an instance is listed while ready, renewed while alive, and drains after leaving. */
class InstanceRegistrationTest {

    static LettuceConnectionFactory connections;
    static StringRedisTemplate redis;

    final String serviceId = "registry-test-" + System.nanoTime();
    final RegistrySettings settings = new RegistrySettings(true, "10.1.2.3", Duration.ofMillis(100), Duration.ofSeconds(6),
            Duration.ofMillis(600), 2);

    @BeforeAll
    static void connect() {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void isListedOnlyOnceReadyWithItsAddressWeightAndExpiry() {
        InstanceRegistration registration = new InstanceRegistration(redis, settings, serviceId, Clock.systemUTC());
        registration.listeningOn(8083);
        assertThat(members()).isEmpty();

        long before = System.currentTimeMillis();
        registration.readinessChanged(ReadinessState.ACCEPTING_TRAFFIC);

        Set<String> members = members();
        assertThat(members).hasSize(1);
        RegisteredInstance listed = RegisteredInstance.parse(serviceId, members.iterator().next());
        assertThat(listed.uri()).hasToString("http://10.1.2.3:8083");
        assertThat(listed.weight()).isEqualTo(2);
        Double expiry = redis.opsForZSet().score(RegisteredInstance.key(serviceId), members.iterator().next());
        assertThat(expiry).isBetween((double) before + 6000 - 1000, (double) System.currentTimeMillis() + 6000);
    }

    @Test
    void heartbeatsMoveTheExpiryOn() {
        InstanceRegistration registration = new InstanceRegistration(redis, settings, serviceId, Clock.systemUTC());
        registration.listeningOn(8083);
        registration.readinessChanged(ReadinessState.ACCEPTING_TRAFFIC);
        String member = members().iterator().next();
        double first = redis.opsForZSet().score(RegisteredInstance.key(serviceId), member);

        registration.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForZSet().score(RegisteredInstance.key(serviceId), member) > first);
        }
        finally {
            registration.stop();
        }
    }

    @Test
    void leavesWhenItStopsAcceptingTrafficAndHoldsTheShutdownForTheRestOfTheDrain() {
        InstanceRegistration registration = new InstanceRegistration(redis, settings, serviceId, Clock.systemUTC());
        registration.listeningOn(8083);
        registration.start();
        registration.readinessChanged(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(members()).hasSize(1);

        long left = System.nanoTime();
        registration.readinessChanged(ReadinessState.REFUSING_TRAFFIC); // Boot does this as the context closes
        assertThat(members()).isEmpty();
        registration.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - left)).as("served on after leaving").isGreaterThanOrEqualTo(Duration.ofMillis(550));
        assertThat(members()).isEmpty();
    }

    @Test
    void anInstanceThatWasNeverReadyStopsAtOnce() {
        InstanceRegistration registration = new InstanceRegistration(redis, settings, serviceId, Clock.systemUTC());
        registration.listeningOn(8083);
        registration.start();

        long stopping = System.nanoTime();
        registration.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofMillis(500));
        assertThat(members()).isEmpty();
    }

    @Test
    void readsBackWhatItWritesAndIgnoresAnythingElse() {
        RegisteredInstance instance = new RegisteredInstance("place-service", "abc", java.net.URI.create("http://10.0.0.7:8083"), 3);
        assertThat(RegisteredInstance.parse("place-service", instance.member())).isEqualTo(instance);
        assertThat(RegisteredInstance.parse("place-service", "garbage")).isNull();
        assertThat(RegisteredInstance.parse("place-service", "abc zero http://x:1")).isNull();
    }

    private Set<String> members() {
        return redis.opsForZSet().range(RegisteredInstance.key(serviceId), 0, -1);
    }
}
