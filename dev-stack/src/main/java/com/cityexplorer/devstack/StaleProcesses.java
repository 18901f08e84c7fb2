package com.cityexplorer.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Remembers the service processes of a running stack in its data directory, so that a launcher that
 * was killed outright (and could not stop its children) has its leftovers stopped by the next start.
 * The services also stop on their own when their launcher is gone (ParentProcessWatchdog).
 */
final class StaleProcesses {

    private StaleProcesses() {
    }

    static void record(Path dataDir, Collection<ServiceProcess> processes) {
        List<String> lines = processes.stream()
            .map(process -> process.handle().pid() + " " + process.component().serviceId())
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
                    .filter(handle -> handle.info().commandLine().orElse("").contains(dataDir.toString()))
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
