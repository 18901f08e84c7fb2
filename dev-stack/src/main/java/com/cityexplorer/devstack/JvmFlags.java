package com.cityexplorer.devstack;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a service instance runs with, besides the runtime flags every JVM of the platform gets
 * ({@link ServiceProcess#RUNTIME_FLAGS}).
 */
enum JvmFlags {

    /**
     * Small, fast-starting JVMs for local use: serial GC and a capped heap (one instance serves one developer),
     * C1 only, and a class-data archive that the JVM writes on first exit and maps on later starts.
     */
    DEVELOPMENT(List.of(
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx128m", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8")),

    /** The JVM's own defaults ({@code --plain-jvm}): on this kind of machine G1 and a quarter of its memory as heap. */
    PLAIN(List.of()),

    /**
     * How the Helm chart runs every service ({@code --production-jvm}; values.yaml {@code javaOptions}): serial GC,
     * C2, two processors. The chart sizes the heap as 55 % of the container's 512Mi memory limit; without a container
     * limit here, that size is given as it is. Benchmarks run these, so they measure the JVMs as deployed.
     */
    PRODUCTION(List.of(
            "-Xms282m", "-Xmx282m", "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2",
            "-XX:+ExitOnOutOfMemoryError"));

    private final List<String> flags;

    JvmFlags(List<String> flags) {
        this.flags = flags;
    }

    /** The options for instance {@code instance} (1 for the first) of {@code app}. */
    List<String> forInstance(RunnableApp app, int instance) {
        if (this != DEVELOPMENT || instance != 1) {
            return flags;
        }
        // Only the first instance uses the class-data archive: only one JVM may write it.
        List<String> withArchive = new ArrayList<>(flags);
        withArchive.addAll(app.jvmArguments());
        return List.copyOf(withArchive);
    }

    List<String> flags() {
        return flags;
    }
}
