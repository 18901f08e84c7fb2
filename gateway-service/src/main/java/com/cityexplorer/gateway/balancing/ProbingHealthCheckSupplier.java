package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Spring Cloud's health-checking supplier (its discovery refetching, probe and settings) with the
 * probing itself changed in three ways:
 * <ul>
 * <li>Each instance is probed by its own loop (every {@code interval}, with {@code interval} as the
 * timeout) that outlives discovery refetches. Spring Cloud restarts all probes at every refetch: with
 * a refetch every 2 s and a 5 s probe timeout, one hanging instance would stop the list from ever
 * being updated.</li>
 * <li>A list is published only when every listed instance has been probed once, and then whole, on
 * any change. Spring Cloud publishes a growing list as probes answer (or nothing until all have), so
 * after each refetch requests briefly saw one instance: consistent-hash clients moved and round robin
 * piled onto the first instance to answer.</li>
 * <li>A ready instance leaves only after {@code unhealthyThreshold} failed probes in a row: one slow
 * probe on a saturated machine should not take it out (passive outlier ejection reacts to failing
 * requests faster anyway). A new or unready instance joins on its first successful probe.</li>
 * </ul>
 */
class ProbingHealthCheckSupplier extends HealthCheckServiceInstanceListSupplier {

    private final Duration interval;
    private final int unhealthyThreshold;
    private final Map<String, Prober> probers = new ConcurrentHashMap<>();
    private final Sinks.Many<Boolean> verdicts = Sinks.many().multicast().directBestEffort();
    /** What {@link #get()} returns: each list once, the last one replayed to every request. */
    private final Flux<List<ServiceInstance>> changes;
    private volatile Disposable changesConnection;

    ProbingHealthCheckSupplier(ServiceInstanceListSupplier delegate, ReactiveLoadBalancer.Factory<ServiceInstance> factory,
            BiFunction<ServiceInstance, String, Mono<Boolean>> aliveFunction, int unhealthyThreshold) {
        super(delegate, factory, aliveFunction);
        LoadBalancerProperties properties = factory.getProperties(getServiceId());
        this.interval = properties != null ? properties.getHealthCheck().getInterval() : Duration.ofSeconds(25);
        this.unhealthyThreshold = unhealthyThreshold;
        // Compared once per list here, not per request: every load-balanced request subscribes to get().
        this.changes = super.get().distinctUntilChanged(ProbingHealthCheckSupplier::identities)
            .replay(1)
            .autoConnect(1, connection -> changesConnection = connection);
    }

    /** Spring Cloud's HTTP probe: 200 from the health path (or any answer where none is configured). */
    static BiFunction<ServiceInstance, String, Mono<Boolean>> httpProbe(WebClient webClient) {
        return (instance, path) -> webClient.get()
            .uri(UriComponentsBuilder.fromUri(instance.getUri()).path(path).build().toUri())
            .retrieve()
            .toBodilessEntity()
            .map(response -> response.getStatusCode().value() == 200);
    }

    /**
     * Each discovery refetch starts a new flux here (Spring Cloud switches to it); it lists the ready
     * instances at once, and again on every verdict that changes.
     */
    @Override
    protected Flux<List<ServiceInstance>> healthCheckFlux(List<ServiceInstance> instances) {
        track(instances);
        return verdicts.asFlux()
            .startWith(true)
            .<List<ServiceInstance>>handle((change, sink) -> {
                List<ServiceInstance> ready = ready(instances);
                if (ready != null) {
                    sink.next(ready);
                }
            });
    }

    /**
     * The lists, each published once: a refetch that changes nothing publishes nothing new. Compared here,
     * after Spring Cloud's switch from one refetch's flux to the next, not inside those fluxes: a list
     * counted as published by a flux just switched away from would never reach anyone.
     */
    @Override
    public Flux<List<ServiceInstance>> get() {
        return changes;
    }

    /** Keys and metadata: a changed weight is a change too. */
    private static List<String> identities(List<ServiceInstance> instances) {
        return instances.stream().map(instance -> BalancedInstances.key(instance) + instance.getMetadata()).toList();
    }

    /** The ready instances, or null while some instance has not been probed yet. */
    private List<ServiceInstance> ready(List<ServiceInstance> instances) {
        List<ServiceInstance> ready = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            Prober prober = probers.get(BalancedInstances.key(instance));
            Boolean up = prober == null ? null : prober.up();
            if (up == null) {
                return null;
            }
            if (up) {
                ready.add(instance);
            }
        }
        return ready;
    }

    /** Starts probing instances discovery lists for the first time, stops probing those it no longer lists. */
    private synchronized void track(List<ServiceInstance> instances) {
        Set<String> listed = instances.stream().map(BalancedInstances::key).collect(Collectors.toSet());
        probers.entrySet().removeIf(entry -> {
            boolean gone = !listed.contains(entry.getKey());
            if (gone) {
                entry.getValue().stop();
            }
            return gone;
        });
        for (ServiceInstance instance : instances) {
            probers.computeIfAbsent(BalancedInstances.key(instance), key -> new Prober(instance));
        }
    }

    @Override
    public void destroy() {
        super.destroy();
        Disposable connection = changesConnection;
        if (connection != null) {
            connection.dispose();
        }
        probers.values().forEach(Prober::stop);
        probers.clear();
    }

    private void publish() {
        while (verdicts.tryEmitNext(true) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            Thread.onSpinWait();
        }
    }

    private final class Prober {
        private final Disposable loop;
        private Boolean up;
        private int failures;

        Prober(ServiceInstance instance) {
            loop = Mono.defer(() -> isAlive(instance))
                .timeout(interval, Mono.just(false))
                .onErrorReturn(false)
                .repeatWhen(probed -> probed.delayElements(interval))
                .subscribe(this::probed);
        }

        synchronized Boolean up() {
            return up;
        }

        void probed(boolean alive) {
            boolean changed;
            synchronized (this) {
                Boolean before = up;
                failures = alive ? 0 : failures + 1;
                if (alive) {
                    up = true;
                }
                else if (up == null || failures >= unhealthyThreshold) {
                    up = false;
                }
                changed = !up.equals(before);
            }
            if (changed) {
                publish();
            }
        }

        void stop() {
            loop.dispose();
        }
    }
}
