package com.cityexplorer.gateway.routing;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * Upstream connections pooled per event loop: a request is proxied over a connection served by the event loop that
 * serves its client, so the request and its answer are not handed between threads.
 * <p>
 * reactor-netty keeps one pool per upstream address for all event loops. It opens a connection on the loop that asks
 * for it, but lends it to any loop afterwards, so most requests were written to the upstream connection through
 * another loop's task queue and answered back through the first loop's. Envoy keeps its upstream pools per worker thread for the same reason; reactor-netty has no
 * such setting, hence this class. A pool here is only ever asked from its own loop, so it only holds connections
 * served by that loop. Callers that are not on an event loop (a retry scheduled on a timer thread) share one pool.
 * Every pool is a copy of the one Spring Cloud Gateway builds from {@code spring.cloud.gateway.server.webflux.httpclient.pool}
 * (the default, elastic, has no limit; a fixed pool's limit applies per loop). The current loop comes from Netty's
 * {@code ThreadExecutorMap}, which Netty's event loops set for their threads: an internal class; should a Netty upgrade
 * drop it, every request would go to the shared pool, as without this class ({@code EventLoopConnectionPoolsTest} fails).
 * Measured: docs/performance.md, "Upstream connections per event loop".
 */
final class EventLoopConnectionPools implements ConnectionProvider {

    private final ConnectionProvider shared;
    private final ConnectionProvider.Builder template;
    private final String name;
    private final Map<EventExecutor, ConnectionProvider> pools = new ConcurrentHashMap<>();

    private EventLoopConnectionPools(ConnectionProvider shared, ConnectionProvider.Builder template, String name) {
        this.shared = shared;
        this.template = template;
        this.name = name;
    }

    /** Pools like {@code pool}, one per event loop; {@code pool} itself if it cannot be copied (pooling disabled). */
    static ConnectionProvider perEventLoop(ConnectionProvider pool) {
        ConnectionProvider.Builder template = pool.mutate();
        return template == null ? pool : new EventLoopConnectionPools(pool, template, pool.name() == null ? "proxy" : pool.name());
    }

    @Override
    public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
            @Nullable Supplier<? extends SocketAddress> remoteAddress, @Nullable AddressResolverGroup<?> resolverGroup) {
        return poolOfThisThread().acquire(config, observer, remoteAddress, resolverGroup);
    }

    ConnectionProvider poolOfThisThread() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return shared;
        }
        ConnectionProvider pool = pools.get(loop);
        return pool != null ? pool : pools.computeIfAbsent(loop, this::newPool);
    }

    private ConnectionProvider newPool(EventExecutor loop) {
        ConnectionProvider pool;
        synchronized (template) {
            pool = template.name(name + "-" + (pools.size() + 1)).build();
        }
        // A loop that shuts down (the application stopping) takes its connections with it.
        loop.terminationFuture().addListener(done -> {
            if (pools.remove(loop, pool)) {
                pool.dispose();
            }
        });
        return pool;
    }

    int pools() {
        return pools.size();
    }

    @Override
    public void disposeWhen(SocketAddress remoteAddress) {
        shared.disposeWhen(remoteAddress);
        pools.values().forEach(pool -> pool.disposeWhen(remoteAddress));
    }

    @Override
    public Mono<Void> disposeLater() {
        List<Mono<Void>> disposals = new ArrayList<>();
        disposals.add(shared.disposeLater());
        pools.values().forEach(pool -> disposals.add(pool.disposeLater()));
        return Mono.when(disposals);
    }

    @Override
    public boolean isDisposed() {
        return shared.isDisposed();
    }

    @Override
    public int maxConnections() {
        return shared.maxConnections();
    }

    @Override
    public String name() {
        return name;
    }
}
