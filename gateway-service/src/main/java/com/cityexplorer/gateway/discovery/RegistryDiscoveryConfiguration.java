package com.cityexplorer.gateway.discovery;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.cityexplorer.gateway.routing.PlatformServices;

/**
 * Reads the instance registry when {@code city-explorer.discovery.registry.enabled=true} (the local
 * launcher; docker-compose). Use it instead of, not beside, instances listed statically under
 * {@code spring.cloud.discovery.client.simple.instances} (the mesh profile's): Spring Cloud combines the
 * two by racing them for a first non-empty answer, and when both answer at once that first answer can be
 * lost, leaving the service without instances until the load balancer's 30 s discovery timeout.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "city-explorer.discovery.registry.enabled", havingValue = "true")
class RegistryDiscoveryConfiguration {

    @Bean
    RegistryDiscoveryClient registryDiscoveryClient(ReactiveStringRedisTemplate redis, PlatformServices services) {
        return new RegistryDiscoveryClient(redis, services.services().stream().map(PlatformServices::serviceId).toList(),
                Clock.systemUTC());
    }
}
