package com.cityexplorer.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection over a plain socket, for what Java's HTTP client hides: requests written back to back in one
 * write, and whether the server keeps the connection (the client reconnects silently).
 */
public final class RawHttpConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    /** To 127.0.0.1:{@code port}; a read waits at most 10 seconds. */
    public RawHttpConnection(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** A GET with nothing but its Host header. */
    public static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** Writes {@code requests} as they are, in one write. */
    public void send(String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The next response: its head, a blank line and its body, whether sized or chunked. */
    public String readResponse() throws IOException {
        StringBuilder head = new StringBuilder();
        int contentLength = 0;
        boolean chunked = false;
        for (String line; !(line = readLine()).isEmpty(); ) {
            head.append(line).append("\r\n");
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size; (size = Integer.parseInt(readLine().trim(), 16)) > 0; readLine()) {
                body.write(in.readNBytes(size));
            }
            readLine();
        }
        else {
            body.write(in.readNBytes(contentLength));
        }
        return head + "\r\n" + body.toString(StandardCharsets.UTF_8);
    }

    /** Whether a response read by {@link #readResponse()} tells the client the server closes the connection. */
    public static boolean closesConnection(String response) {
        String head = response.substring(0, response.indexOf("\r\n\r\n") + 2).toLowerCase(Locale.ROOT);
        return head.matches("(?s).*\r\nconnection:[^\r]*close.*");
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed after " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
