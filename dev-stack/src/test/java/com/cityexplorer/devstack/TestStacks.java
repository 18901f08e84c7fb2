package com.cityexplorer.devstack;

import java.nio.file.Path;
import java.util.Map;

/** The platform as the end-to-end tests run it: the built jars, random free ports, data in a temporary directory. */
final class TestStacks {

    private TestStacks() {
    }

    /** A platform, not started yet. */
    static DevStack create(Path dataDir) {
        String jars = System.getProperty("city-explorer.jars", "target/services");
        LaunchOptions options = LaunchOptions.parse(
                new String[] { "--random-ports", "--data-dir=" + dataDir, "--jars=" + jars }, Map.of(), Path.of(jars));
        return new DevStack(options, new Console(System.out, System.nanoTime()));
    }
}
