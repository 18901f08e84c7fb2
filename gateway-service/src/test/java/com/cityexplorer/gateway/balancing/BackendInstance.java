package com.cityexplorer.gateway.balancing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One real backend instance for the balancing tests (the routing tests' UpstreamStub, but concurrent):
 * answers its readiness probe at once, and counts every other request by the first segment of its path,
 * which names the test service it was sent as ({@code /rr/x} → {@code rr}). It can be made slow, and can
 * be made to answer one service's requests with 503 while its probe stays healthy.
 */
final class BackendInstance implements AutoCloseable {

    private final String name;
    private final long delayMillis;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    BackendInstance(String name, long delayMillis) {
        this.name = name;
        this.delayMillis = delayMillis;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        int status = 200;
        if (!path.startsWith("/actuator/health")) {
            String[] segments = path.split("/");
            String service = segments.length > 1 ? segments[1] : "";
            received.computeIfAbsent(service, ignored -> new AtomicInteger()).incrementAndGet();
            if (failing.getOrDefault(service, false)) {
                status = 503;
            }
            else if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        byte[] body = ("{\"instance\":\"" + name + "\",\"status\":\"UP\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String uri() {
        return "http://127.0.0.1:" + port();
    }

    int received(String service) {
        AtomicInteger count = received.get(service);
        return count == null ? 0 : count.get();
    }

    void reset() {
        received.clear();
    }

    /** Answers {@code service}'s requests (not the readiness probe) with 503 while {@code failing}. */
    void failing(String service, boolean failing) {
        this.failing.put(service, failing);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
