package com.cityexplorer.gateway.balancing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static com.cityexplorer.gateway.balancing.TestInstances.key;
import static org.assertj.core.api.Assertions.assertThat;

class OutlierEjectionTest {

    final AtomicLong clock = new AtomicLong(5_000_000_000L);
    final OutlierEjection ejection = new OutlierEjection(
            new BalancingSettings.Outlier(5, Duration.ofSeconds(5), Duration.ofMinutes(2)), clock::get);
    final String instance = key(1);

    @Test
    void ejectsAfterTheConfiguredNumberOfFailuresInARow() {
        IntStream.range(0, 4).forEach(i -> assertThat(ejection.failed(instance)).isFalse());
        assertThat(ejection.isEjected(instance)).isFalse();

        assertThat(ejection.failed(instance)).isTrue();
        assertThat(ejection.isEjected(instance)).isTrue();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        IntStream.range(0, 4).forEach(i -> ejection.failed(instance));
        ejection.succeeded(instance);
        IntStream.range(0, 4).forEach(i -> ejection.failed(instance));

        assertThat(ejection.isEjected(instance)).isFalse();
    }

    @Test
    void ejectsForLongerEachTimeAndAHalfOpenFailureEjectsAgainAtOnce() {
        List<Duration> ejections = new java.util.ArrayList<>();
        IntStream.range(0, 4).forEach(i -> ejection.failed(instance));
        for (int round = 0; round < 8; round++) {
            assertThat(ejection.failed(instance)).as("round %d", round).isTrue();
            ejections.add(timeUntilReadmitted());
            // Half-open: a single failure ejects it again.
        }

        assertThat(ejections).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofMinutes(2));
    }

    @Test
    void aSuccessAfterTheEjectionForgetsItsHistory() {
        IntStream.range(0, 5).forEach(i -> ejection.failed(instance));
        timeUntilReadmitted();
        ejection.failed(instance);
        timeUntilReadmitted();

        ejection.succeeded(instance);

        IntStream.range(0, 4).forEach(i -> assertThat(ejection.failed(instance)).isFalse());
        assertThat(ejection.failed(instance)).isTrue();
        assertThat(timeUntilReadmitted()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void failuresOfRequestsSentBeforeTheEjectionDoNotExtendIt() {
        IntStream.range(0, 5).forEach(i -> ejection.failed(instance));
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        IntStream.range(0, 10).forEach(i -> assertThat(ejection.failed(instance)).isFalse());
        ejection.succeeded(instance);

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(ejection.isEjected(instance)).isFalse();
    }

    @Test
    void forgetsAnInstanceOnceASuccessClearsItsHistory() {
        IntStream.range(0, 3).forEach(i -> ejection.failed(instance));
        assertThat(ejection.size()).isEqualTo(1);

        ejection.succeeded(instance);

        assertThat(ejection.size()).isZero();
    }

    @Test
    void forgetsInstancesThatStoppedFailingLongAgoWhenANewOneFails() {
        ejection.failed(key(1));
        clock.addAndGet(Duration.ofMinutes(3).toNanos());
        ejection.failed(key(2));
        clock.addAndGet(Duration.ofMinutes(1).plusSeconds(1).toNanos());

        ejection.failed(key(3));

        // key(1): last failure 4 min 1 s ago (more than twice the 2 min maximum ejection): gone; key(2) stays.
        assertThat(ejection.size()).isEqualTo(2);
        IntStream.range(0, 3).forEach(i -> ejection.failed(key(2)));
        assertThat(ejection.failed(key(2))).as("key(2)'s earlier failure still counts").isTrue();
        IntStream.range(0, 4).forEach(i -> assertThat(ejection.failed(key(1))).as("key(1) starts again from zero").isFalse());
    }

    @Test
    void theSupplierLeavesOutEjectedInstancesButNeverAll() {
        List<ServiceInstance> instances = TestInstances.instances(3, 1, 2);
        TestInstances.MutableSupplier discovered = new TestInstances.MutableSupplier(instances);
        OutlierEjectingSupplier supplier = new OutlierEjectingSupplier(discovered, ejection);

        assertThat(ports(supplier)).as("sorted by key").containsExactly(1, 2, 3);
        IntStream.range(0, 5).forEach(i -> ejection.failed(key(2)));
        assertThat(ports(supplier)).containsExactly(1, 3);

        IntStream.range(0, 5).forEach(i -> {
            ejection.failed(key(1));
            ejection.failed(key(3));
        });
        assertThat(ports(supplier)).as("panic mode: all ejected, all used").containsExactly(1, 2, 3);

        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(ports(supplier)).as("back after the ejection").containsExactly(1, 2, 3);

        discovered.instances.set(TestInstances.instances(4, 2));
        assertThat(ports(supplier)).as("a new list, sorted anew").containsExactly(2, 4);
    }

    private static List<Integer> ports(OutlierEjectingSupplier supplier) {
        return supplier.get().blockFirst().stream().map(ServiceInstance::getPort).toList();
    }

    /** Advances the clock second by second until the instance is readmitted; returns how long that took. */
    private Duration timeUntilReadmitted() {
        Duration waited = Duration.ZERO;
        while (ejection.isEjected(instance)) {
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            waited = waited.plusSeconds(1);
        }
        return waited;
    }
}
