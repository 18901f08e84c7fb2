package com.cityexplorer.gateway.routing;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopCountTest {

    @Test
    void runsOneEventLoopPerProcessor() {
        Properties system = new Properties();

        EventLoopCount.defaultToProcessors(system, 2);

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("2");
    }

    @Test
    void keepsTheCountAnOperatorSet() {
        Properties system = new Properties();
        system.setProperty("reactor.netty.ioWorkerCount", "6");

        EventLoopCount.defaultToProcessors(system, 2);

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("6");
    }

    @Test
    void runsAtLeastOneLoop() {
        Properties system = new Properties();

        EventLoopCount.defaultToProcessors(system, 0);

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("1");
    }
}
