package com.cityexplorer.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the gateway hands an upstream answer to its client ({@link UpstreamResponseWriter}): one of known length up to
 * the limit leaves as a single message, headers and body together; longer and chunked ones are streamed, headers
 * first; all arrive intact, and HEAD keeps the service's Content-Length. An answer the service cuts short is a 502 problem without the service's
 * caching headers. The messages are seen by a handler on the gateway's own server pipeline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.cloud.gateway.server.webflux.routes[0].id=shapes",
    "spring.cloud.gateway.server.webflux.routes[0].uri=lb://shapes-service",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/shapes/**"})
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
@Import(UpstreamResponseWriterTest.WrittenMessages.class)
class UpstreamResponseWriterTest {

    static final int LIMIT = (int) UpstreamResponseWriter.WHOLE_BODY_LIMIT;
    static final HttpServer UPSTREAM = shapesUpstream();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.shapes-service[0].uri",
                () -> "http://127.0.0.1:" + UPSTREAM.getAddress().getPort());
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.stop(0);
    }

    /** Every message and flush the gateway's server writes towards its clients, in order. */
    @TestConfiguration
    @Sharable
    static class WrittenMessages extends ChannelOutboundHandlerAdapter {

        static final List<String> WRITES = new CopyOnWriteArrayList<>();

        @Bean
        NettyServerCustomizer recordWrittenMessages() {
            return server -> server.doOnConnection(connection -> connection.addHandlerFirst("test.written-messages", this));
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
            WRITES.add(message instanceof FullHttpResponse ? "headers+body"
                    : message instanceof io.netty.handler.codec.http.HttpResponse ? "headers"
                    : message instanceof HttpContent ? "body" : message.getClass().getSimpleName());
            super.write(context, message, promise);
        }

        @Override
        public void flush(ChannelHandlerContext context) throws Exception {
            WRITES.add("flush");
            super.flush(context);
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void waitUntilTheUpstreamIsAdmitted() {
        await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", "/shapes/small").statusCode() == 200);
        WrittenMessages.WRITES.clear();
    }

    @Test
    void writesASmallAnswerOfKnownLengthWithItsHeadersInOneMessage() throws Exception {
        HttpResponse<byte[]> small = send("GET", "/shapes/small");

        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo(body(2_000));
        assertThat(small.headers().firstValue("Content-Length")).hasValue("2000");
        assertThat(small.headers().firstValue("ETag")).hasValue("\"shape\"");
        assertThat(WrittenMessages.WRITES).containsExactly("headers+body", "flush");
    }

    @Test
    void writesAnAnswerOfExactlyTheLimitInOneMessageAndStreamsOneByteMore() throws Exception {
        HttpResponse<byte[]> atLimit = send("GET", "/shapes/at-limit");
        assertThat(atLimit.body()).isEqualTo(body(LIMIT));
        assertThat(WrittenMessages.WRITES).containsExactly("headers+body", "flush");

        WrittenMessages.WRITES.clear();
        HttpResponse<byte[]> overLimit = send("GET", "/shapes/over-limit");
        assertThat(overLimit.body()).isEqualTo(body(LIMIT + 1));
        assertThat(overLimit.headers().firstValue("Content-Length")).hasValue(String.valueOf(LIMIT + 1));
        assertThat(WrittenMessages.WRITES).startsWith("headers").doesNotContain("headers+body");
    }

    @Test
    void streamsAChunkedAnswerAndAnswersHeadWithoutABody() throws Exception {
        HttpResponse<byte[]> chunked = send("GET", "/shapes/chunked");
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(body(5_000));
        assertThat(WrittenMessages.WRITES).startsWith("headers").doesNotContain("headers+body");

        HttpResponse<byte[]> head = send("HEAD", "/shapes/small");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("2000");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void answers502WithoutTheServicesHeadersWhenItCutsItsAnswerShort() throws Exception {
        HttpResponse<byte[]> cutShort = send("GET", "/shapes/cut-short");

        assertThat(cutShort.statusCode()).isEqualTo(502);
        assertThat(cutShort.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(cutShort.headers().firstValue("ETag")).isEmpty();
        assertThat(cutShort.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(cutShort.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(new String(cutShort.body())).contains("\"status\":502");
    }

    private HttpResponse<byte[]> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] body(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < length; i += 100) {
            body[i] = (byte) ('0' + (i / 100) % 10); // not all alike: a reordered or repeated piece shows
        }
        return body;
    }

    /** Readiness, and answers of every shape under /shapes/: small, at and over the limit, chunked, cut short. */
    static HttpServer shapesUpstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", UpstreamResponseWriterTest::answer);
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("ETag", "\"shape\"");
            exchange.getResponseHeaders().set("Cache-Control", "max-age=60, public");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            switch (exchange.getRequestURI().getPath()) {
                case "/shapes/small" -> fixed(exchange, body(2_000), head);
                case "/shapes/at-limit" -> fixed(exchange, body(LIMIT), head);
                case "/shapes/over-limit" -> fixed(exchange, body(LIMIT + 1), head);
                case "/shapes/chunked" -> {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] body = body(5_000);
                    for (int offset = 0; offset < body.length; offset += 1_000) {
                        exchange.getResponseBody().write(body, offset, 1_000);
                        exchange.getResponseBody().flush();
                    }
                }
                case "/shapes/cut-short" -> {
                    exchange.sendResponseHeaders(200, 1_000);
                    exchange.getResponseBody().write(body(100));
                    exchange.getResponseBody().flush();
                    // Closing now, 900 bytes short: the server fails the exchange and drops the connection.
                }
                default -> fixed(exchange, "{\"status\":\"UP\"}".getBytes(), head);
            }
        }
        catch (IOException cutShortByDesign) {
            // the cut-short answer's close reports the missing bytes
        }
    }

    private static void fixed(HttpExchange exchange, byte[] body, boolean head) throws IOException {
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
