package com.cityexplorer.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code city-explorer.gateway.circuit-breaker.*}: when a route's circuit opens and for how long. One
 * breaker per route (the route id names it), counting connection failures, timeouts and 502/503/504
 * answers over the last {@code window} calls.
 *
 * @param window calls the failure rate is measured over
 * @param minimumCalls calls needed before the rate counts (a quiet route is not judged on two calls)
 * @param failureRatePercent failure rate that opens the circuit
 * @param waitInOpenState how long an open circuit refuses calls before letting a few through
 * @param callsInHalfOpenState calls let through to decide whether to close it again
 */
@ConfigurationProperties("city-explorer.gateway.circuit-breaker")
record CircuitBreakerSettings(
        @DefaultValue("50") int window,
        @DefaultValue("20") int minimumCalls,
        @DefaultValue("50") float failureRatePercent,
        @DefaultValue("10s") Duration waitInOpenState,
        @DefaultValue("5") int callsInHalfOpenState) {
}
