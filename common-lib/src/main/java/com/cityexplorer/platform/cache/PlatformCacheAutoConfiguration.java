package com.cityexplorer.platform.cache;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** {@link EvictedEverywhereCaches} for services that have Redis, Kafka and Caffeine. */
@AutoConfiguration(afterName = {
    "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ com.github.benmanes.caffeine.cache.Caffeine.class, StringRedisTemplate.class,
    org.springframework.kafka.core.KafkaTemplate.class })
@ConditionalOnBean({ RedisConnectionFactory.class, KafkaProperties.class })
@EnableConfigurationProperties(CacheSettings.class)
public class PlatformCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory, CacheSettings settings) {
        RedisMessageListenerContainer container = new RetryingStartListenerContainer(settings.evictionListenerStartTimeout());
        container.setConnectionFactory(connectionFactory);
        return container;
    }

    @Bean
    EvictedEverywhereCaches evictedEverywhereCaches(StringRedisTemplate redis, RedisMessageListenerContainer listeners,
            MeterRegistry meterRegistry, KafkaProperties kafkaProperties, Environment environment, JsonMapper jsonMapper) {
        return new EvictedEverywhereCaches(redis, listeners, meterRegistry, kafkaProperties.buildConsumerProperties(),
                environment.getRequiredProperty("spring.application.name"), jsonMapper);
    }
}
