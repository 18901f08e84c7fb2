package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM (with {@link JvmFlags}), its output in a log file and its
 * readiness read from its Actuator probe.
 */
final class ServiceProcess {

    /**
     * What every service JVM runs with, here as in the images and the Helm chart (docker/Dockerfile,
     * values.yaml javaOptions): not tuning but how the platform runs. On JDK 24+ Netty 4.2 leaves
     * sun.misc.Unsafe alone unless allowed, and its buffers then go through bounds-checked ByteBuffer calls
     * (the gateway spent about 5 % more CPU per proxied read, docs/performance.md); Netty's epoll and io_uring
     * transports and lz4 load native libraries, which the JDK warns about unless native access is enabled.
     */
    static final List<String> RUNTIME_FLAGS = List.of(
            "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");

    private final PlatformComponent component;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(PlatformComponent component, int port, Path logFile, Process process) {
        this.component = component;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    static ServiceProcess start(PlatformComponent component, RunnableApp app, JvmFlags jvmFlags, int port,
            Map<String, String> properties, Map<String, String> environment, Path logDir) {
        return start(component, 1, app, jvmFlags, port, properties, environment, logDir);
    }

    /**
     * As above, for instance {@code instance} of the component: instances after the first log to their
     * own file and do not use the class-data archive (only one JVM may write it).
     */
    static ServiceProcess start(PlatformComponent component, int instance, RunnableApp app, JvmFlags jvmFlags, int port,
            Map<String, String> properties, Map<String, String> environment, Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(RUNTIME_FLAGS);
        command.addAll(jvmFlags.forInstance(app, instance));
        command.add("-jar");
        command.add(app.jar().toString());
        command.add("--server.port=" + port);
        command.add("--city-explorer.lifecycle.parent-pid=" + ProcessHandle.current().pid());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));

        Path logFile = logDir.resolve(component.serviceId() + (instance == 1 ? "" : "-" + instance) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
        builder.environment().putAll(environment);
        // The gateway's port belongs to the gateway only; every service gets its own --server.port.
        builder.environment().remove("SERVER_PORT");
        try {
            return new ServiceProcess(component, port, logFile, builder.start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + component.serviceId(), ex);
        }
    }

    /** The java of the JVM running the launcher: the JDK 25 the build selected. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits until the readiness probe says UP; fails early when the process exits. */
    void awaitReady(Duration timeout) {
        boolean ready = HttpProbe.awaitOk(URI.create(baseUri() + "/actuator/health/readiness"), timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(component.serviceId() + " exited with code " + process.exitValue()
                        + " while starting. Last lines of " + logFile + ":\n" + tail(40));
            }
        });
        if (!ready) {
            throw new IllegalStateException(component.serviceId() + " was not ready within " + timeout.toSeconds()
                    + " s. Last lines of " + logFile + ":\n" + tail(40));
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** Asks the service to shut down gracefully (SIGTERM), as a container runtime would. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for a requested stop; kills the process if it overruns. */
    void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    PlatformComponent component() {
        return component;
    }

    int port() {
        return port;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }
}
