package com.cityexplorer.gateway.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.cityexplorer.test.PlatformInfrastructureInitializer;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With as many routed requests in progress as it admits (2 here), the gateway answers the next one 503
 * problem+json with Retry-After at once, without sending it on; its own endpoints still answer, and once
 * the requests in progress are answered, new ones are admitted again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "city-explorer.discovery.registry.enabled=false",
    "city-explorer.gateway.admission.max-concurrent-requests=2",
    "spring.cloud.gateway.server.webflux.routes[0].id=held",
    "spring.cloud.gateway.server.webflux.routes[0].uri=lb://held-service",
    "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/held/**",
})
@ContextConfiguration(initializers = PlatformInfrastructureInitializer.class)
class RequestAdmissionTest {

    /** Holds every request to /held/** until released; counts the ones it received. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger RECEIVED = new AtomicInteger();
    static final HttpServer HELD = heldUpstream();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.held-service[0].uri",
                () -> "http://127.0.0.1:" + HELD.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        HELD.stop(0);
    }

    @Test
    void aRequestBeyondTheLimitIsRefusedAtOnceAndTheLimitFreesUpAgain() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = List.of(send("/held/1"), send("/held/2"));
        await().atMost(Duration.ofSeconds(15)).until(() -> RECEIVED.get() == 2);

        HttpResponse<String> refused = send("/held/3").get(5, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("Too many requests in progress");
        assertThat(RECEIVED.get()).as("the refused request was not sent on").isEqualTo(2);
        assertThat(send("/actuator/health").get(5, TimeUnit.SECONDS).statusCode()).as("the gateway's own endpoints").isEqualTo(200);

        RELEASE.countDown();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // A permit is given back just after its response is written, so the client may see the answer first.
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
            .until(() -> send("/held/again").get(10, TimeUnit.SECONDS).statusCode() == 200);
        for (int i = 0; i < 5; i++) {
            assertThat(send("/held/again").get(10, TimeUnit.SECONDS).statusCode()).as("admitted again").isEqualTo(200);
        }
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpServer heldUpstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getPath().startsWith("/held/")) {
                    RECEIVED.incrementAndGet();
                    try {
                        RELEASE.await(30, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
