package com.cityexplorer.devstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for instances to become ready and, while some are not, says which every interval: a first start
 * imports the catalogs and takes minutes on a small machine, and a launcher that is silent that long looks hung.
 */
final class StartupProgress {

    private StartupProgress() {
    }

    /**
     * Returns once every future has completed. The first failure to happen is rethrown as it is, without waiting for
     * the others.
     */
    static void await(Map<String, CompletableFuture<Void>> readiness, Duration interval, Console console) {
        CompletableFuture<Void> all = CompletableFuture.allOf(readiness.values().toArray(CompletableFuture[]::new));
        CompletableFuture<Object> anyFailed = new CompletableFuture<>();
        readiness.values().forEach(future -> future.whenComplete((done, failure) -> {
            if (failure != null) {
                anyFailed.completeExceptionally(failure);
            }
        }));
        CompletableFuture<Object> finished = CompletableFuture.anyOf(all, anyFailed);
        while (true) {
            try {
                finished.get(interval.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            catch (TimeoutException stillStarting) {
                List<String> pending = readiness.entrySet().stream().filter(entry -> !entry.getValue().isDone())
                    .map(Map.Entry::getKey).toList();
                console.step("  still starting: " + String.join(", ", pending));
            }
            catch (ExecutionException ex) {
                Throwable cause = ex.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : ex.getCause();
                throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the platform to start", ex);
            }
        }
    }
}
