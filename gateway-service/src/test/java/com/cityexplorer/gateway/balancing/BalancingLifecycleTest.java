package com.cityexplorer.gateway.balancing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;

import static com.cityexplorer.gateway.balancing.TestInstances.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BalancingLifecycleTest {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final InstanceStatistics statistics = new InstanceStatistics(clock::get);
    final OutlierEjection ejection = new OutlierEjection(
            new BalancingSettings.Outlier(2, Duration.ofSeconds(5), Duration.ofMinutes(2)), clock::get);
    final BalancingLifecycle lifecycle = new BalancingLifecycle(statistics, ejection);
    final ServiceInstance instance = TestInstances.instance(1);

    @Test
    void supportsTheGatewaysRequestAndResponseTypes() {
        assertThat(lifecycle.supports(RequestDataContext.class, ResponseData.class, ServiceInstance.class)).isTrue();
        assertThat(lifecycle.supports(Object.class, ResponseData.class, ServiceInstance.class)).isFalse();
    }

    @Test
    void marksTheChosenInstanceTriedAndCountsItInFlightUntilTheResponse() {
        Map<String, Object> attributes = new HashMap<>();
        Request<RequestDataContext> request = TestInstances.request(Map.of(), attributes);

        lifecycle.onStartRequest(request, new DefaultResponse(instance));

        assertThat(BalancedInstances.tried(attributes)).containsExactly(key(1));
        assertThat(statistics.inFlight(key(1))).isEqualTo(1);

        clock.addAndGet(Duration.ofMillis(30).toNanos());
        lifecycle.onComplete(completion(request, CompletionContext.Status.SUCCESS, HttpStatus.OK));

        assertThat(statistics.inFlight(key(1))).isZero();
        assertThat(statistics.latencyMillis(key(1))).isCloseTo(30, within(0.01));
        assertThat(attributes).doesNotContainKey(BalancingLifecycle.LEASE);
    }

    @Test
    void keepsTheTriedInstancesOfEarlierAttempts() {
        Map<String, Object> attributes = new HashMap<>(Map.of(BalancedInstances.TRIED_INSTANCES, Set.of("other@h:1")));
        Request<RequestDataContext> request = TestInstances.request(Map.of(), attributes);

        lifecycle.onStartRequest(request, new DefaultResponse(instance));

        assertThat(BalancedInstances.tried(attributes)).containsExactlyInAnyOrder("other@h:1", key(1));
    }

    @Test
    void connectErrorsAnd503sCountAsFailuresAnd500sDoNot() {
        attempt(CompletionContext.Status.SUCCESS, HttpStatus.INTERNAL_SERVER_ERROR);
        attempt(CompletionContext.Status.FAILED, null);
        assertThat(ejection.isEjected(key(1))).isFalse();

        attempt(CompletionContext.Status.SUCCESS, HttpStatus.SERVICE_UNAVAILABLE);

        assertThat(ejection.isEjected(key(1))).isTrue();
        assertThat(statistics.inFlight(key(1))).isZero();
        assertThat(statistics.latencyMillis(key(1))).as("only the 500 was sampled").isCloseTo(5, within(0.01));
    }

    @Test
    void publishesInFlightResponseTimeAndEjectionsAsMetrics() {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var measured = new BalancingLifecycle(new InstanceStatistics(clock::get, meters), ejection, meters);
        Request<RequestDataContext> request = TestInstances.request(Map.of(), new HashMap<>());
        measured.onStartRequest(request, new DefaultResponse(instance));

        assertThat(meters.get("gateway.balancer.requests.in.flight").tag("service", TestInstances.SERVICE)
            .tag("instance", "10.0.0.1:1").gauge().value()).isEqualTo(1);

        clock.addAndGet(Duration.ofMillis(20).toNanos());
        measured.onComplete(completion(request, CompletionContext.Status.SUCCESS, HttpStatus.OK));
        assertThat(meters.get("gateway.balancer.response.time").gauge().value()).isCloseTo(20, within(0.01));

        for (int i = 0; i < 2; i++) {
            Request<RequestDataContext> failing = TestInstances.request(Map.of(), new HashMap<>());
            measured.onStartRequest(failing, new DefaultResponse(instance));
            measured.onComplete(completion(failing, CompletionContext.Status.FAILED, null));
        }
        assertThat(meters.get("gateway.balancer.ejections").tag("instance", "10.0.0.1:1").counter().count()).isEqualTo(1);
    }

    @Test
    void aTcpCheckSeesWhetherTheInstanceAcceptsConnections() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(TcpHealthCheckSupplier.connects("127.0.0.1", port, Duration.ofSeconds(2)).block()).isTrue();
        }
        assertThat(TcpHealthCheckSupplier.connects("127.0.0.1", port, Duration.ofSeconds(2)).block()).isFalse();
    }

    private void attempt(CompletionContext.Status status, HttpStatus httpStatus) {
        Request<RequestDataContext> request = TestInstances.request(Map.of(), new HashMap<>());
        lifecycle.onStartRequest(request, new DefaultResponse(instance));
        clock.addAndGet(Duration.ofMillis(5).toNanos());
        lifecycle.onComplete(completion(request, status, httpStatus));
    }

    private static CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion(
            Request<RequestDataContext> request, CompletionContext.Status status, HttpStatus httpStatus) {
        if (httpStatus == null) {
            return new CompletionContext<>(status, new java.net.ConnectException("refused"), request, null);
        }
        return new CompletionContext<>(status, request, null, new ResponseData(httpStatus, new HttpHeaders(),
                new LinkedMultiValueMap<>(), request.getContext().getClientRequest()));
    }
}
