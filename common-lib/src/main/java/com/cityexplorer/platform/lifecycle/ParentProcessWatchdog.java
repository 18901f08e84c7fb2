package com.cityexplorer.platform.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the application down gracefully when the process that launched it is gone, so a local launcher
 * that is killed outright (SIGKILL, a closed terminal) leaves no orphaned service behind. Only active
 * when {@code city-explorer.lifecycle.parent-pid} is set, which the dev-stack launcher does.
 */
class ParentProcessWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);

    private final long parentPid;
    private final ConfigurableApplicationContext context;
    private volatile boolean running;

    ParentProcessWatchdog(long parentPid, ConfigurableApplicationContext context) {
        this.parentPid = parentPid;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(this::parentExited),
                this::parentExited);
    }

    private void parentExited() {
        if (running) {
            log.warn("Launcher process {} is gone; shutting down", parentPid);
            Thread.ofPlatform().name("parent-exit-shutdown").start(() -> System.exit(SpringApplication.exit(context)));
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
