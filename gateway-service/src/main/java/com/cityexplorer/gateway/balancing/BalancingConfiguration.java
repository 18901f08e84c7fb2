package com.cityexplorer.gateway.balancing;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
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
    BalancedExchangeFilter balancedExchangeFilter(InstanceStatistics statistics) {
        return new BalancedExchangeFilter(statistics);
    }
}
