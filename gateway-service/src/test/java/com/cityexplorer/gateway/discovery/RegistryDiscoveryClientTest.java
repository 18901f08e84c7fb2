package com.cityexplorer.gateway.discovery;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.cityexplorer.platform.discovery.RegisteredInstance;
import com.cityexplorer.test.PlatformInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real Redis: live registrations become instances, expired ones do not, and an outage keeps the last list. */
class RegistryDiscoveryClientTest {

    static LettuceConnectionFactory connections;
    static ReactiveStringRedisTemplate redis;

    final String serviceId = "discovery-test-" + System.nanoTime();

    @BeforeAll
    static void connect() {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void listsTheInstancesWhoseRegistrationHasNotExpired() {
        long now = System.currentTimeMillis();
        register(new RegisteredInstance(serviceId, "live", URI.create("http://10.0.0.7:8083"), 3), now + 5000);
        register(new RegisteredInstance(serviceId, "dead", URI.create("http://10.0.0.8:8083"), 1), now - 1000);

        List<ServiceInstance> instances = new RegistryDiscoveryClient(redis, List.of(serviceId), Clock.systemUTC())
            .getInstances(serviceId).collectList().block();

        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.getInstanceId()).isEqualTo("live");
            assertThat(instance.getServiceId()).isEqualTo(serviceId);
            assertThat(instance.getHost()).isEqualTo("10.0.0.7");
            assertThat(instance.getPort()).isEqualTo(8083);
            assertThat(instance.getMetadata()).containsEntry("weight", "3");
        });
    }

    @Test
    void keepsTheLastListReadWhenRedisCannotBeRead() {
        register(new RegisteredInstance(serviceId, "live", URI.create("http://10.0.0.7:8083"), 1), System.currentTimeMillis() + 60_000);
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        LettuceConnectionFactory own = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infrastructure.redisHost(), infrastructure.redisPort()));
        own.afterPropertiesSet();
        own.start();
        RegistryDiscoveryClient client = new RegistryDiscoveryClient(new ReactiveStringRedisTemplate(own), List.of(serviceId), Clock.systemUTC());
        assertThat(client.getInstances(serviceId).collectList().block()).hasSize(1);

        own.destroy(); // the registry can no longer be read

        assertThat(client.getInstances(serviceId).collectList().block()).extracting(ServiceInstance::getInstanceId).containsExactly("live");
    }

    private void register(RegisteredInstance instance, long expiresAt) {
        redis.opsForZSet().add(RegisteredInstance.key(serviceId), instance.member(), expiresAt).block();
    }
}
