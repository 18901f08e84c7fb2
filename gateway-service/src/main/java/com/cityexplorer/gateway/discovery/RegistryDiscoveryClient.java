package com.cityexplorer.gateway.discovery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.cityexplorer.platform.discovery.RegisteredInstance;

/**
 * The services' instances as they announce themselves in the Redis instance registry (common-lib's
 * {@code InstanceRegistration}): every registration that has not expired. Read again by the load
 * balancer every few seconds ({@code spring.cloud.loadbalancer.health-check.refetch-instances-interval}),
 * so an added or stopped instance is seen within seconds. If Redis cannot be read, the last list read
 * is kept: a registry outage must not take every route down.
 */
final class RegistryDiscoveryClient implements ReactiveDiscoveryClient {

    private static final Logger log = LoggerFactory.getLogger(RegistryDiscoveryClient.class);

    private final ReactiveStringRedisTemplate redis;
    private final List<String> serviceIds;
    private final Clock clock;
    private final Map<String, List<ServiceInstance>> lastRead = new ConcurrentHashMap<>();

    RegistryDiscoveryClient(ReactiveStringRedisTemplate redis, List<String> serviceIds, Clock clock) {
        this.redis = redis;
        this.serviceIds = List.copyOf(serviceIds);
        this.clock = clock;
    }

    @Override
    public String description() {
        return "City Explorer instance registry (Redis)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return redis.opsForZSet()
            .rangeByScore(RegisteredInstance.key(serviceId), Range.rightUnbounded(Range.Bound.inclusive((double) clock.millis())))
            .map(member -> RegisteredInstance.parse(serviceId, member))
            .filter(Objects::nonNull)
            .map(RegistryDiscoveryClient::toServiceInstance)
            .collectList()
            .doOnNext(instances -> lastRead.put(serviceId, instances))
            .onErrorResume(ex -> {
                log.warn("Could not read the instance registry for {}; using the last list read: {}", serviceId, ex.getMessage());
                return reactor.core.publisher.Mono.justOrEmpty(lastRead.get(serviceId));
            })
            .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(serviceIds);
    }

    @Override
    public int getOrder() {
        return ReactiveDiscoveryClient.DEFAULT_ORDER;
    }

    private static ServiceInstance toServiceInstance(RegisteredInstance registered) {
        return new DefaultServiceInstance(registered.instanceId(), registered.serviceId(), registered.uri().getHost(),
                registered.uri().getPort(), "https".equals(registered.uri().getScheme()),
                Map.of("weight", Integer.toString(registered.weight())));
    }
}
