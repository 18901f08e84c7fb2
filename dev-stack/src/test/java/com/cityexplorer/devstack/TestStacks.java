package com.cityexplorer.devstack;

import java.nio.file.Path;
import java.util.Map;

/** The platform as the end-to-end tests run it: the built jars, random free ports, data in a temporary directory. */
final class TestStacks {

    private TestStacks() {
    }

    /** A platform, not started yet, with further launcher options ({@code --replicas=place=3}). */
    static DevStack create(Path dataDir, String... options) {
        String jars = System.getProperty("city-explorer.jars", "target/services");
        String[] args = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("--random-ports", "--data-dir=" + dataDir, "--jars=" + jars),
                java.util.Arrays.stream(options)).toArray(String[]::new);
        LaunchOptions launchOptions = LaunchOptions.parse(args, Map.of(), Path.of(jars));
        return new DevStack(launchOptions, new Console(System.out, System.nanoTime()));
    }
}
