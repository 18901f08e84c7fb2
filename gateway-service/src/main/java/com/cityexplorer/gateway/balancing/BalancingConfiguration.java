package com.cityexplorer.gateway.balancing;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's load balancing: one statistics and ejection registry for all services (here, in the
 * application context), and per service (in the child context Spring Cloud LoadBalancer creates for
 * each service id) the instance supplier chain and the algorithm of {@link BalancedServiceConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = BalancedServiceConfiguration.class)
class BalancingConfiguration {

    /** In place of Spring Cloud LoadBalancer's own (declared the same way), remembering each service's lifecycle beans. */
    @Bean
    LoadBalancerClientFactory loadBalancerClientFactory(LoadBalancerClientsProperties properties,
            ObjectProvider<List<LoadBalancerClientSpecification>> configurations) {
        LoadBalancerClientFactory factory = new LifecycleCachingClientFactory(properties);
        factory.setConfigurations(configurations.getIfAvailable(List::of));
        return factory;
    }

    @Bean
    InstanceStatistics instanceStatistics(ObjectProvider<MeterRegistry> meters) {
        return new InstanceStatistics(System::nanoTime, meters.getIfAvailable());
    }

    @Bean
    OutlierEjection outlierEjection(BalancingSettings settings) {
        return new OutlierEjection(settings.outlier(), System::nanoTime);
    }

    @Bean
    BalancingLifecycle balancingLifecycle(InstanceStatistics statistics, OutlierEjection ejection,
            ObjectProvider<MeterRegistry> meters) {
        return new BalancingLifecycle(statistics, ejection, meters.getIfAvailable());
    }

    @Bean
    BalancedRouting balancedRouting(LoadBalancerClientFactory clientFactory, GatewayLoadBalancerProperties properties) {
        return new BalancedRouting(clientFactory, properties.isUse404());
    }

    @Bean
    BalancedExchangeFilter balancedExchangeFilter(InstanceStatistics statistics) {
        return new BalancedExchangeFilter(statistics);
    }
}
