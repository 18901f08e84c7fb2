package com.cityexplorer.gateway.routing;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's connections run on io_uring wherever the kernel allows it, epoll where it does not: the io_uring
 * transport is on the class path and reactor-netty prefers it. On this project's machines io_uring is allowed, so
 * the expectation is io_uring there; under a seccomp profile that forbids it, epoll.
 */
class EventLoopTransportTest {

    @Test
    void connectionsRunOnTheMostEfficientTransportTheKernelAllows() {
        String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";

        assertThat(EventLoopTransport.inUse()).isEqualTo(expected);
    }
}
