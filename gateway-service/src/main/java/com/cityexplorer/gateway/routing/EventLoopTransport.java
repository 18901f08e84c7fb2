package com.cityexplorer.gateway.routing;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start which of Netty's transports the gateway's connections run on, to clients and to services alike (both
 * share reactor-netty's global event loops). The gateway ships Netty's io_uring transport besides epoll, and
 * reactor-netty takes io_uring wherever the kernel allows it: a proxied read then costs the gateway far fewer system
 * calls (docs/performance.md, "Connections on io_uring"). Where a seccomp profile forbids io_uring (Docker's default,
 * and containerd's since 2.0) reactor-netty falls back to epoll by itself; this line is how an operator tells which.
 */
@Component
class EventLoopTransport {

    private static final Log logger = LogFactory.getLog(EventLoopTransport.class);

    /** "io_uring", "epoll", "kqueue" or "nio": the transport of the gateway's TCP connections. */
    static String inUse() {
        LoopResources loops = HttpResources.get();
        Class<? extends Channel> channel = loops.onChannelClass(SocketChannel.class, loops.onServer(true));
        String transport = channel.getPackageName().substring(channel.getPackageName().lastIndexOf('.') + 1);
        return transport.equals("uring") ? "io_uring" : transport;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        logger.info("Connections run on Netty's " + inUse() + " transport, on " + LoopResources.DEFAULT_IO_WORKER_COUNT
                + " event loops");
    }
}
