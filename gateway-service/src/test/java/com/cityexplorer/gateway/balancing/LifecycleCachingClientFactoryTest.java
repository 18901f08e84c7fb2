package com.cityexplorer.gateway.balancing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleCachingClientFactoryTest {

    @Test
    void findsEachServicesLifecyclesOnceAndForgetsThemWithItsContexts() {
        LifecycleCachingClientFactory factory = new LifecycleCachingClientFactory(new LoadBalancerClientsProperties());
        try (AnnotationConfigApplicationContext parent = new AnnotationConfigApplicationContext()) {
            parent.register(Shared.class);
            parent.registerBean(LoadBalancerClientFactory.class, () -> factory);
            parent.refresh();
            factory.setApplicationContext(parent);
            factory.setConfigurations(List.of(new LoadBalancerClientSpecification("place-service",
                    new Class<?>[] { PerService.class })));

            Map<String, LoadBalancerLifecycle> place = factory.getInstances("place-service", LoadBalancerLifecycle.class);
            Map<String, LoadBalancerLifecycle> city = factory.getInstances("city-service", LoadBalancerLifecycle.class);

            assertThat(place).containsOnlyKeys("shared", "placeOnly");
            assertThat(city).containsOnlyKeys("shared");
            assertThat(factory.getInstances("place-service", LoadBalancerLifecycle.class)).isSameAs(place);
            assertThat(factory.getInstances("place-service", String.class)).containsOnlyKeys("name");

            factory.destroy();
            assertThat(factory.getInstances("place-service", LoadBalancerLifecycle.class)).isNotSameAs(place)
                .containsOnlyKeys("shared", "placeOnly");
        }
    }

    @Test
    void asksEachServicesContextForItsBalancerOnceAndForgetsItWithItsContexts() {
        LifecycleCachingClientFactory factory = new LifecycleCachingClientFactory(new LoadBalancerClientsProperties());
        try (AnnotationConfigApplicationContext parent = new AnnotationConfigApplicationContext()) {
            parent.registerBean(LoadBalancerClientFactory.class, () -> factory);
            parent.refresh();
            factory.setApplicationContext(parent);
            factory.setConfigurations(List.of(new LoadBalancerClientSpecification("place-service",
                    new Class<?>[] { FreshBalancerPerLookUp.class })));

            ReactorServiceInstanceLoadBalancer place = factory.getInstance("place-service", ReactorServiceInstanceLoadBalancer.class);

            // The bean is a prototype, so every look-up in the context would make a new one.
            assertThat(place).isNotNull();
            assertThat(factory.getInstance("place-service", ReactorServiceInstanceLoadBalancer.class)).isSameAs(place);
            assertThat(factory.getInstance("city-service", ReactorServiceInstanceLoadBalancer.class)).as("Spring Cloud's default")
                .isNotNull().isNotSameAs(place);
            assertThat(factory.getInstance("place-service", StringBuilder.class)).as("other types are looked up as before")
                .isNotSameAs(factory.getInstance("place-service", StringBuilder.class));

            factory.destroy();
            assertThat(factory.getInstance("place-service", ReactorServiceInstanceLoadBalancer.class)).isNotNull().isNotSameAs(place);
        }
    }

    static final class Quiet implements LoadBalancerLifecycle<Object, Object, Object> {

        @Override
        public void onStart(Request<Object> request) {
        }

        @Override
        public void onStartRequest(Request<Object> request, Response<Object> lbResponse) {
        }

        @Override
        public void onComplete(CompletionContext<Object, Object, Object> completionContext) {
        }
    }

    static class Shared {

        @Bean
        LoadBalancerLifecycle<?, ?, ?> shared() {
            return new Quiet();
        }
    }

    static class PerService {

        @Bean
        LoadBalancerLifecycle<?, ?, ?> placeOnly() {
            return new Quiet();
        }

        @Bean
        String name() {
            return "place";
        }
    }

    static class FreshBalancerPerLookUp {

        @Bean
        @Scope("prototype")
        ReactorServiceInstanceLoadBalancer balancer() {
            // A class, not a lambda: a lambda that captures nothing is one object however often it is made.
            return new ReactorServiceInstanceLoadBalancer() {
                @Override
                public Mono<Response<ServiceInstance>> choose(Request request) {
                    return Mono.empty();
                }
            };
        }

        @Bean
        @Scope("prototype")
        StringBuilder somethingElse() {
            return new StringBuilder();
        }
    }
}
