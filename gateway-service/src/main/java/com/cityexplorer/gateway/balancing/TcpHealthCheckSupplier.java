package com.cityexplorer.gateway.balancing;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The gateway's health checking (Spring Cloud's {@code HealthCheckServiceInstanceListSupplier} as
 * {@link ProbingHealthCheckSupplier} runs it) with a TCP connect instead of an HTTP probe, for services
 * without a readiness endpoint: an instance is alive if it accepts a connection within the timeout.
 */
final class TcpHealthCheckSupplier extends ProbingHealthCheckSupplier {

    private final Duration connectTimeout;

    TcpHealthCheckSupplier(ServiceInstanceListSupplier delegate, ReactiveLoadBalancer.Factory<ServiceInstance> factory,
            Duration connectTimeout, int unhealthyThreshold) {
        super(delegate, factory, (instance, path) -> Mono.just(false), unhealthyThreshold);
        this.connectTimeout = connectTimeout;
    }

    @Override
    protected Mono<Boolean> isAlive(ServiceInstance instance) {
        return connects(instance.getHost(), instance.getPort(), connectTimeout);
    }

    static Mono<Boolean> connects(String host, int port, Duration timeout) {
        return TcpClient.newConnection()
            .host(host)
            .port(port)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .connect()
            .map(connection -> {
                connection.dispose();
                return true;
            })
            .timeout(timeout.plusMillis(100))
            .onErrorReturn(false);
    }
}
