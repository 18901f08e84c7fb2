package com.cityexplorer.gateway.balancing;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One service's load balancing, in the child context Spring Cloud LoadBalancer creates per service id
 * ({@link LoadBalancerClientFactory#PROPERTY_NAME} names it). Deliberately not a {@code @Configuration}:
 * component scanning would put these beans into the application context, for no service.
 *
 * <p>Instances flow: discovery (whichever reactive discovery client the application has) → active
 * health check (HTTP readiness probe or TCP connect, {@link ProbingHealthCheckSupplier}, refetching
 * discovery) → outlier ejection →
 * instances this request already tried left out → weighted expansion (weighted round robin only) →
 * the algorithm.
 */
class BalancedServiceConfiguration {

    @Bean
    ServiceInstanceListSupplier balancedInstanceSupplier(ConfigurableApplicationContext context, Environment environment,
            BalancingSettings settings, OutlierEjection ejection) {
        String serviceId = serviceId(environment);
        ServiceInstanceListSupplierBuilder builder = ServiceInstanceListSupplier.builder().withDiscoveryClient();
        if (settings.healthCheck(serviceId) == BalancingSettings.HealthCheck.TCP) {
            builder.with((ctx, delegate) -> new TcpHealthCheckSupplier(delegate, ctx.getBean(LoadBalancerClientFactory.class),
                    settings.healthCheckTimeout(), settings.healthCheckFailures()));
        }
        else {
            builder.with((ctx, delegate) -> new ProbingHealthCheckSupplier(delegate, ctx.getBean(LoadBalancerClientFactory.class),
                    ProbingHealthCheckSupplier.httpProbe(ctx.getBean(WebClient.Builder.class).build()),
                    settings.healthCheckFailures()));
        }
        builder.with((ctx, delegate) -> new OutlierEjectingSupplier(delegate, ejection))
            .with((ctx, delegate) -> new TriedInstanceAvoidingSupplier(delegate));
        if (settings.algorithm(serviceId) == BalancingSettings.Algorithm.WEIGHTED_ROUND_ROBIN) {
            // Spring Cloud's weighting repeats each instance by its "weight" metadata (default 1),
            // interleaved, so round robin over the result is a smooth weighted round robin.
            builder.withWeighted();
        }
        return builder.build(context);
    }

    @Bean
    ReactorServiceInstanceLoadBalancer balancer(Environment environment, LoadBalancerClientFactory factory,
            BalancingSettings settings, InstanceStatistics statistics) {
        String serviceId = serviceId(environment);
        ObjectProvider<ServiceInstanceListSupplier> provider = factory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class);
        Supplier<ServiceInstanceListSupplier> suppliers = () -> provider.getIfAvailable(NoopServiceInstanceListSupplier::new);
        return switch (settings.algorithm(serviceId)) {
            case ROUND_ROBIN, WEIGHTED_ROUND_ROBIN -> new RoundRobinLoadBalancer(provider, serviceId);
            case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(suppliers, statistics);
            case LEAST_RESPONSE_TIME -> new LeastResponseTimeBalancer(suppliers, statistics);
            case CONSISTENT_HASH -> new ConsistentHashBalancer(suppliers, settings.hashKey(serviceId));
        };
    }

    private static String serviceId(Environment environment) {
        return environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
    }
}
