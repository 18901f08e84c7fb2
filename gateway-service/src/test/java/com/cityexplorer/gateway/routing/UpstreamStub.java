package com.cityexplorer.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for one instance of a service in routing tests: answers its readiness probe and records
 * every other request it receives, replying with its own name.
 */
public final class UpstreamStub implements AutoCloseable {

    public record Received(String method, String path, String query, String requestId, String traceparent,
            Map<String, List<String>> headers) {

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final String serviceId;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    public UpstreamStub(String serviceId) {
        this.serviceId = serviceId;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals("/actuator/health/readiness") || exchange.getRequestHeaders().containsKey("X-Request-Id")) {
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("X-Request-Id"),
                    exchange.getRequestHeaders().getFirst("traceparent"), Map.copyOf(exchange.getRequestHeaders())));
        }
        byte[] body = ("{\"service\":\"" + serviceId + "\",\"status\":\"UP\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            exchange.getResponseHeaders().set("X-Request-Id", requestId);
        }
        exchange.sendResponseHeaders(statuses.getOrDefault(exchange.getRequestMethod() + " " + path, 200), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Answers {@code method path} with {@code status} from now on (for example 401 to a login). */
    public void respond(String method, String path, int status) {
        statuses.put(method + " " + path, status);
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
