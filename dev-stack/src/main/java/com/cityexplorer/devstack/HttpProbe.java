package com.cityexplorer.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls an HTTP endpoint until it answers 200 OK, for readiness gates during start-up. */
final class HttpProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private HttpProbe() {
    }

    /**
     * Returns true once {@code uri} answers 200, false when {@code timeout} passes first.
     * {@code beforeEachTry} may throw to give up early (a process that died, for example).
     */
    static boolean awaitOk(URI uri, Duration timeout, Runnable beforeEachTry) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                beforeEachTry.run();
                try {
                    if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return true;
                    }
                }
                catch (IOException ex) {
                    // not listening yet
                }
                Thread.sleep(INTERVAL);
            }
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + uri, ex);
        }
    }
}
