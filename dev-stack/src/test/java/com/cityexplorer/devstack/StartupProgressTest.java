package com.cityexplorer.devstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class StartupProgressTest {

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8), System.nanoTime());

    @Test
    void namesTheInstancesStillStartingUntilAllAreReady() {
        CompletableFuture<Void> city = new CompletableFuture<>();
        Map<String, CompletableFuture<Void>> readiness = new LinkedHashMap<>();
        readiness.put("place-service", CompletableFuture.completedFuture(null));
        readiness.put("city-service", city);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(
                () -> StartupProgress.await(readiness, Duration.ofMillis(50), console));

        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("still starting: city-service"));
        assertThat(waiting).isNotDone();
        assertThat(output()).doesNotContain("place-service");

        city.complete(null);
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void givesUpAtTheFirstFailureWithoutWaitingForTheOthers() {
        Map<String, CompletableFuture<Void>> readiness = new LinkedHashMap<>();
        readiness.put("place-service", new CompletableFuture<>());
        readiness.put("city-service", CompletableFuture.failedFuture(new IllegalStateException("city-service exited with code 1")));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> StartupProgress.await(readiness, Duration.ofHours(1), console))
            .isInstanceOf(IllegalStateException.class).hasMessage("city-service exited with code 1"));
    }

    @Test
    void rethrowsAFailureOfAnAsynchronousProbeAsItIs() {
        Map<String, CompletableFuture<Void>> readiness = Map.of("city-service", CompletableFuture.runAsync(() -> {
            throw new IllegalStateException("city-service was not ready within 600 s");
        }));

        assertThatThrownBy(() -> StartupProgress.await(readiness, Duration.ofHours(1), console))
            .isInstanceOf(IllegalStateException.class).hasMessage("city-service was not ready within 600 s");
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
