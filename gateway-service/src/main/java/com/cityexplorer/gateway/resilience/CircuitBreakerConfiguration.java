package com.cityexplorer.gateway.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.ErrorResponse;

/** Every route's breaker from {@link CircuitBreakerSettings}. */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

    /**
     * Routes have their own response timeouts (route metadata {@code response-timeout}); resilience4j's
     * time limiter (1 s by default) would cut slower routes short, so it is set far beyond any of them.
     */
    static final Duration TIME_LIMIT = Duration.ofMinutes(5);

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> routeCircuitBreakers(CircuitBreakerSettings settings) {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.window())
            .minimumNumberOfCalls(settings.minimumCalls())
            .failureRateThreshold(settings.failureRatePercent())
            .waitDurationInOpenState(settings.waitInOpenState())
            .permittedNumberOfCallsInHalfOpenState(settings.callsInHalfOpenState())
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            // A request refused for what the caller did (401, 413, 429...) says nothing about the service.
            .recordException(failure -> !(failure instanceof ErrorResponse refused && refused.getStatusCode().is4xxClientError()))
            .build();
        TimeLimiterConfig noTimeLimit = TimeLimiterConfig.custom().timeoutDuration(TIME_LIMIT).build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
            .circuitBreakerConfig(breaker).timeLimiterConfig(noTimeLimit).build());
    }
}
