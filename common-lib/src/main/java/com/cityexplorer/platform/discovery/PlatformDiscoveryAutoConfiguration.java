package com.cityexplorer.platform.discovery;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Registers a service instance in the Redis instance registry (see {@link InstanceRegistration}) when
 * {@code city-explorer.discovery.registry.enabled=true}. Only services register: the gateway reads the
 * registry and is itself reached through a fixed address or a load balancer.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "city-explorer.discovery.registry.enabled", havingValue = "true")
@EnableConfigurationProperties(RegistrySettings.class)
public class PlatformDiscoveryAutoConfiguration {

    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    InstanceRegistration instanceRegistration(StringRedisTemplate redis, RegistrySettings settings,
            @Value("${spring.application.name}") String serviceId) {
        return new InstanceRegistration(redis, settings, serviceId, Clock.systemUTC());
    }
}
