package com.cityexplorer.gateway.routing;

import java.util.Properties;

import reactor.netty.ReactorNetty;

/**
 * One Netty event loop per processor the JVM may use, as nginx's {@code worker_processes auto} and Envoy's
 * {@code --concurrency} do, instead of reactor-netty's at least four. Every proxied request runs on the loop of its
 * client's connection from start to end (EventLoopConnectionPools), so loops beyond the processors add only thread
 * switches: on two cores, four io_uring loops cost the gateway 1.25 times the CPU per signed-in read of two
 * (docs/performance.md, "One event loop per processor"). An operator's own {@code -Dreactor.netty.ioWorkerCount} wins.
 */
public final class EventLoopCount {

    /** reactor-netty's system property, read once when its loop resources are first used. */
    static final String PROPERTY = ReactorNetty.IO_WORKER_COUNT;

    private EventLoopCount() {
    }

    /** Sets the loop count to {@code processors} unless already set; call before any reactor-netty class is used. */
    public static void defaultToProcessors(Properties systemProperties, int processors) {
        systemProperties.putIfAbsent(PROPERTY, String.valueOf(Math.max(1, processors)));
    }
}
