package com.cityexplorer.gateway.balancing;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

/** Instances, requests and instance lists for the balancers' unit tests, without Spring. */
final class TestInstances {

    static final String SERVICE = "test-service";

    private TestInstances() {
    }

    static ServiceInstance instance(int port) {
        return instance(port, Map.of());
    }

    static ServiceInstance instance(int port, Map<String, String> metadata) {
        return new DefaultServiceInstance(null, SERVICE, "10.0.0.1", port, false, metadata);
    }

    static List<ServiceInstance> instances(int... ports) {
        return Arrays.stream(ports).mapToObj(TestInstances::instance).toList();
    }

    static String key(int port) {
        return SERVICE + "@10.0.0.1:" + port;
    }

    static Request<RequestDataContext> request() {
        return request(Map.of(), new HashMap<>());
    }

    static Request<RequestDataContext> request(Map<String, String> headers, Map<String, Object> attributes) {
        HttpHeaders httpHeaders = new HttpHeaders();
        headers.forEach(httpHeaders::add);
        return new DefaultRequest<>(new RequestDataContext(new RequestData(HttpMethod.GET, URI.create("http://" + SERVICE + "/x"),
                httpHeaders, new LinkedMultiValueMap<>(), attributes)));
    }

    static Map<String, Object> triedAttributes(int... ports) {
        Map<String, Object> attributes = new HashMap<>();
        for (int port : ports) {
            BalancedInstances.markTried(attributes, key(port));
        }
        return attributes;
    }

    /** The port of the instance {@code balancer} chooses for {@code request}. */
    static int choose(org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer balancer, Request<?> request) {
        return balancer.choose(request).block().getServer().getPort();
    }

    static Map<Integer, Long> histogram(int times, java.util.function.IntSupplier choice) {
        return java.util.stream.IntStream.range(0, times).map(i -> choice.getAsInt()).boxed()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** A discovery stand-in whose list can be changed. */
    static final class MutableSupplier implements ServiceInstanceListSupplier {
        final AtomicReference<List<ServiceInstance>> instances;

        MutableSupplier(List<ServiceInstance> instances) {
            this.instances = new AtomicReference<>(instances);
        }

        @Override
        public String getServiceId() {
            return SERVICE;
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.defer(() -> Flux.just(instances.get()));
        }
    }

    /** The gateway's chain without discovery and health checks: ejection, then tried-instance avoidance. */
    static ServiceInstanceListSupplier chain(ServiceInstanceListSupplier base, OutlierEjection ejection) {
        return new TriedInstanceAvoidingSupplier(new OutlierEjectingSupplier(base, ejection));
    }

    static OutlierEjection noEjection() {
        return new OutlierEjection(new BalancingSettings.Outlier(5, java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(2)),
                System::nanoTime);
    }

    static ObjectProvider<ServiceInstanceListSupplier> provider(ServiceInstanceListSupplier supplier) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("supplier", supplier);
        return beans.getBeanProvider(ServiceInstanceListSupplier.class);
    }
}
