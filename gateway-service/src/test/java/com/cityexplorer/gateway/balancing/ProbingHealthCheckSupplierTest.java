package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProbingHealthCheckSupplierTest {

    static final Duration INTERVAL = Duration.ofMillis(50);

    /** What each instance's probe answers; absent: the probe hangs. */
    final Map<Integer, Boolean> alive = new ConcurrentHashMap<>(Map.of(1, true, 2, true, 3, true));
    final Map<Integer, AtomicInteger> probes = new ConcurrentHashMap<>();
    final TestInstances.MutableSupplier discovery = new TestInstances.MutableSupplier(TestInstances.instances(1, 2, 3));
    final ProbingHealthCheckSupplier supplier = new ProbingHealthCheckSupplier(discovery, factory(),
            (instance, path) -> {
                probes.computeIfAbsent(instance.getPort(), port -> new AtomicInteger()).incrementAndGet();
                Boolean answer = alive.get(instance.getPort());
                return answer == null ? Mono.never() : Mono.just(answer).delayElement(Duration.ofMillis(instance.getPort()));
            }, 2);
    final List<List<Integer>> published = new CopyOnWriteArrayList<>();
    Disposable watching;

    @AfterEach
    void stop() {
        if (watching != null) {
            watching.dispose();
        }
        supplier.destroy();
    }

    @Test
    void publishesOnlyWholeListsOnceEveryInstanceIsProbed() {
        watch();

        await().atMost(Duration.ofSeconds(5)).until(() -> !published.isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        assertThat(published).containsExactly(List.of(1, 2, 3));
        assertThat(probes.get(1).get()).as("probed again and again, but unchanged lists are not published").isGreaterThan(3);
    }

    @Test
    void takesAReadyInstanceOutAfterConsecutiveFailedProbesAndBackOnASuccess() {
        watch();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.contains(List.of(1, 2, 3)));

        alive.put(2, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.getLast().equals(List.of(1, 3)));
        alive.put(2, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.getLast().equals(List.of(1, 2, 3)));

        assertThat(published).containsExactly(List.of(1, 2, 3), List.of(1, 3), List.of(1, 2, 3));
    }

    @Test
    void aHangingProbeNeitherBlocksTheOthersNorKeepsItsInstance() {
        alive.remove(3);
        watch();

        await().atMost(Duration.ofSeconds(5)).until(() -> !published.isEmpty() && published.getLast().equals(List.of(1, 2)));
    }

    @Test
    void admitsAnInstanceDiscoveryListsLaterAndDropsOneItNoLongerLists() {
        watch();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.contains(List.of(1, 2, 3)));

        alive.put(4, true);
        discovery.instances.set(TestInstances.instances(1, 2, 3, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.getLast().equals(List.of(1, 2, 3, 4)));

        discovery.instances.set(TestInstances.instances(2, 3, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.getLast().equals(List.of(2, 3, 4)));
        int probesOfRemoved = probes.get(1).get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probes.get(1).get() <= probesOfRemoved + 1);
        assertThat(published).as("never a partial list").doesNotContain(List.of(1), List.of(1, 2), List.of(2), List.of(2, 3));
    }

    private void watch() {
        supplier.afterPropertiesSet();
        watching = supplier.get().subscribe(list -> published.add(list.stream().map(ServiceInstance::getPort).toList()));
    }

    private static ReactiveLoadBalancer.Factory<ServiceInstance> factory() {
        LoadBalancerProperties properties = new LoadBalancerProperties();
        properties.getHealthCheck().setInterval(INTERVAL);
        properties.getHealthCheck().setInitialDelay(Duration.ZERO);
        properties.getHealthCheck().setRefetchInstances(true);
        properties.getHealthCheck().setRefetchInstancesInterval(Duration.ofMillis(100));
        return new ReactiveLoadBalancer.Factory<>() {
            @Override
            public LoadBalancerProperties getProperties(String serviceId) {
                return properties;
            }

            @Override
            public ReactiveLoadBalancer<ServiceInstance> getInstance(String serviceId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <X> Map<String, X> getInstances(String name, Class<X> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <X> X getInstance(String name, Class<?> clazz, Class<?>... generics) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
