package com.cityexplorer.gateway.resilience;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An instance that passes its readiness probe but drops every other request's connection without an
 * answer, as a process killed mid-request does. Records the request lines it dropped.
 */
final class ConnectionDroppingUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> dropped = new CopyOnWriteArrayList<>();

    ConnectionDroppingUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String requestLine = readLine(in);
            while (!readLine(in).isEmpty()) {
                // headers: not needed
            }
            if (requestLine.contains("/actuator/health/readiness")) {
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                return;
            }
            dropped.add(requestLine);
            socket.setSoLinger(true, 0); // a reset, as from a killed process
        }
        catch (IOException ignored) {
            // the other side went away
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<String> dropped() {
        return dropped;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
