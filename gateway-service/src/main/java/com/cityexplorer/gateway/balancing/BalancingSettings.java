package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway spreads requests over the instances of each service
 * ({@code city-explorer.gateway.balancing.*}).
 *
 * @param defaultAlgorithm the algorithm of services without their own
 * @param healthCheck the default active health check: {@code http} (the readiness probe,
 *        {@code spring.cloud.loadbalancer.health-check.path}) or {@code tcp} (a connect)
 * @param healthCheckTimeout how long a TCP check may take to connect
 * @param healthCheckFailures failed probes in a row that take a ready instance out of rotation
 * @param services per service id: {@code algorithm}, {@code hash-key}, {@code health-check}
 * @param outlier passive ejection of instances that keep failing
 */
@ConfigurationProperties("city-explorer.gateway.balancing")
public record BalancingSettings(
        @DefaultValue("round-robin") Algorithm defaultAlgorithm,
        @DefaultValue("http") HealthCheck healthCheck,
        @DefaultValue("1s") Duration healthCheckTimeout,
        @DefaultValue("2") int healthCheckFailures,
        Map<String, Service> services,
        @DefaultValue Outlier outlier) {

    public BalancingSettings {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public enum Algorithm {
        ROUND_ROBIN, WEIGHTED_ROUND_ROBIN, LEAST_CONNECTIONS, CONSISTENT_HASH, LEAST_RESPONSE_TIME
    }

    public enum HealthCheck {
        HTTP, TCP
    }

    /**
     * One service's overrides; unset values fall back to the defaults.
     *
     * @param hashKey for {@code consistent-hash}: {@code client-address} (default) or {@code header:<name>}
     */
    public record Service(Algorithm algorithm, String hashKey, HealthCheck healthCheck) {
    }

    /**
     * @param consecutiveFailures failed requests in a row (connect errors, timeouts, 502/503/504) that eject an instance
     * @param baseEjectionTime how long the first ejection lasts; each further ejection doubles it
     * @param maxEjectionTime the longest ejection
     */
    public record Outlier(
            @DefaultValue("5") int consecutiveFailures,
            @DefaultValue("5s") Duration baseEjectionTime,
            @DefaultValue("2m") Duration maxEjectionTime) {

        public Outlier {
            if (consecutiveFailures < 1) {
                throw new IllegalArgumentException("city-explorer.gateway.balancing.outlier.consecutive-failures must be at least 1");
            }
        }
    }

    Algorithm algorithm(String serviceId) {
        Service service = services.get(serviceId);
        return service != null && service.algorithm() != null ? service.algorithm() : defaultAlgorithm;
    }

    HealthCheck healthCheck(String serviceId) {
        Service service = services.get(serviceId);
        return service != null && service.healthCheck() != null ? service.healthCheck() : healthCheck;
    }

    HashKey hashKey(String serviceId) {
        Service service = services.get(serviceId);
        return HashKey.parse(service == null ? null : service.hashKey());
    }
}
