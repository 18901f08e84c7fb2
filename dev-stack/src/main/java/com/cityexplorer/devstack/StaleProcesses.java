package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Remembers the child processes of a running stack (services, Redis) in its data directory, so that a
 * launcher that was killed outright (and could not stop its children) has its leftovers stopped by the
 * next start. The services also stop on their own when their launcher is gone (ParentProcessWatchdog).
 */
final class StaleProcesses {

    private StaleProcesses() {
    }

    static void record(Path dataDir, Collection<ServiceProcess> processes, List<ProcessHandle> infrastructure) {
        List<String> lines = java.util.stream.Stream.concat(
                processes.stream().map(process -> process.handle().pid() + " " + process.component().serviceId()),
                infrastructure.stream().map(handle -> handle.pid() + " " + handle.info().command().orElse("infrastructure")))
            .toList();
        try {
            Files.createDirectories(file(dataDir).getParent());
            Files.write(file(dataDir), lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void stopLeftovers(Path dataDir, Console console) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(" ", 2);
                ProcessHandle.of(Long.parseLong(parts[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> isOurs(handle, parts[1], dataDir))
                    .ifPresent(handle -> {
                        console.step("Stopping " + parts[1] + " (pid " + handle.pid() + ") left over from an earlier run");
                        handle.destroy();
                        handle.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                            .exceptionally(timeout -> {
                                handle.destroyForcibly();
                                return handle;
                            })
                            .join();
                    });
            }
            Files.delete(file);
        }
        catch (IOException | NumberFormatException ex) {
            console.step("Could not read " + file + ": " + ex.getMessage());
        }
    }

    /** Guards against a recycled pid: a service names the data directory; Redis rewrites its title but keeps its name. */
    private static boolean isOurs(ProcessHandle handle, String recordedName, Path dataDir) {
        String commandLine = handle.info().commandLine().orElse("");
        return commandLine.contains(dataDir.toString())
                || (recordedName.contains("redis-server") && handle.info().command().orElse("").contains("redis-server"));
    }

    static void clear(Path dataDir) {
        try {
            Files.deleteIfExists(file(dataDir));
        }
        catch (IOException ex) {
            // nothing left to protect against
        }
    }

    private static Path file(Path dataDir) {
        return dataDir.resolve("run").resolve("services.pid");
    }
}
