package com.cityexplorer.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/** Real reactor-netty client and server on four event loops. */
class EventLoopConnectionPoolsTest {

    final LoopResources loops = LoopResources.create("pools-test", 4, true);
    final DisposableServer upstream = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> response.sendString(Mono.just("ok"))).bindNow();
    final List<ConnectionProvider> providers = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(ConnectionProvider::dispose);
        upstream.disposeNow();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }

    @Test
    void aRequestAskedForOnAnEventLoopIsSentOverAConnectionOfThatLoop() {
        ConnectionProvider pools = provider(EventLoopConnectionPools.perEventLoop(pool()));

        List<Boolean> sameLoop = requestsFromEveryLoop(pools, 5);

        assertThat(sameLoop).hasSize(20).containsOnly(true);
        assertThat(((EventLoopConnectionPools) pools).pools()).isEqualTo(4);
    }

    @Test
    void oneSharedPoolLendsConnectionsAcrossLoops() {
        // What the class is for: reactor-netty's own pool, asked the same way, hands most requests to another loop.
        List<Boolean> sameLoop = requestsFromEveryLoop(provider(pool()), 5);

        assertThat(sameLoop).hasSize(20).contains(false);
    }

    @Test
    void callersOffTheEventLoopsShareOnePool() {
        EventLoopConnectionPools pools = (EventLoopConnectionPools) provider(EventLoopConnectionPools.perEventLoop(pool()));

        String answer = client(pools).get().uri("/").responseContent().aggregate().asString().block(Duration.ofSeconds(10));

        assertThat(answer).isEqualTo("ok");
        assertThat(pools.pools()).isZero();
        assertThat(pools.poolOfThisThread()).isSameAs(pools.poolOfThisThread());
    }

    @Test
    void aPoolThatCannotBeCopiedIsUsedAsItIs() {
        ConnectionProvider unpooled = ConnectionProvider.newConnection();
        assertThat(EventLoopConnectionPools.perEventLoop(unpooled)).isSameAs(unpooled);
    }

    /** Interleaved rounds of requests started on each of the loops; true where the answer came in on that loop. */
    private List<Boolean> requestsFromEveryLoop(ConnectionProvider provider, int rounds) {
        HttpClient client = client(provider);
        EventLoopGroup group = loops.onClient(true);
        List<EventExecutor> executors = new ArrayList<>();
        group.forEach(executors::add);
        List<Boolean> sameLoop = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            sameLoop.addAll(Flux.fromIterable(executors)
                .concatMap(loop -> Mono.defer(() -> client.get().uri("/")
                        .responseConnection((response, connection) -> Mono.just(connection.channel().eventLoop()))
                        .single())
                    .map(answeredOn -> answeredOn == loop)
                    .subscribeOn(Schedulers.fromExecutor((EventLoop) loop)))
                .collectList().block(Duration.ofSeconds(10)));
        }
        return sameLoop;
    }

    private HttpClient client(ConnectionProvider provider) {
        return HttpClient.create(provider).runOn(loops).baseUrl("http://127.0.0.1:" + upstream.port());
    }

    private ConnectionProvider pool() {
        return ConnectionProvider.builder("test").maxConnections(50).build();
    }

    private ConnectionProvider provider(ConnectionProvider provider) {
        providers.add(provider);
        return provider;
    }
}
