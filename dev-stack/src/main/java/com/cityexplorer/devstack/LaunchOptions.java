package com.cityexplorer.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the platform locally. Infrastructure given through the standard Spring environment
 * variables ({@code SPRING_MONGODB_URI}, {@code SPRING_KAFKA_BOOTSTRAP_SERVERS},
 * {@code SPRING_DATA_REDIS_HOST}) is used as it is instead of starting the embedded one.
 */
record LaunchOptions(
        Path dataDir,
        Path jarsDir,
        int gatewayPort,
        boolean randomPorts,
        boolean exitWithParent,
        boolean plainJvm,
        Optional<String> externalMongoUri,
        Optional<String> externalKafka,
        Optional<String> externalRedisHost,
        String adminEmail,
        String adminPassword) {

    static final String DEFAULT_ADMIN_EMAIL = "admin@city-explorer.local";
    /** Development only, printed in the README; a production deployment sets its own or gets no admin. */
    static final String DEFAULT_ADMIN_PASSWORD = "Explorer-dev-2026";

    static LaunchOptions parse(String[] args, Map<String, String> env, Path defaultJarsDir) {
        Path dataDir = Path.of(".data");
        Path jarsDir = defaultJarsDir;
        int gatewayPort = env.containsKey("SERVER_PORT") ? Integer.parseInt(env.get("SERVER_PORT")) : 8080;
        boolean randomPorts = false;
        boolean exitWithParent = false;
        boolean plainJvm = false;
        // Maven passes -Ddevstack.args as one argument: options in it are separated by spaces.
        String[] words = java.util.Arrays.stream(args).filter(java.util.Objects::nonNull)
            .flatMap(arg -> java.util.Arrays.stream(arg.trim().split("\\s+")))
            .toArray(String[]::new);
        for (String arg : words) {
            if (arg == null || arg.isBlank()) {
                continue;
            }
            String[] pair = arg.split("=", 2);
            String value = pair.length > 1 ? pair[1] : null;
            switch (pair[0]) {
                case "--data-dir" -> dataDir = Path.of(required(pair[0], value));
                case "--jars" -> jarsDir = Path.of(required(pair[0], value));
                case "--gateway-port" -> gatewayPort = Integer.parseInt(required(pair[0], value));
                case "--random-ports" -> randomPorts = true;
                case "--exit-with-parent" -> exitWithParent = true;
                case "--plain-jvm" -> plainJvm = true;
                case "--help", "-h" -> throw new UsageException(usage());
                default -> throw new UsageException("Unknown option " + arg + "\n" + usage());
            }
        }
        return new LaunchOptions(dataDir.toAbsolutePath().normalize(), jarsDir.toAbsolutePath().normalize(),
                gatewayPort, randomPorts, exitWithParent, plainJvm, nonBlank(env.get("SPRING_MONGODB_URI")),
                nonBlank(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")), nonBlank(env.get("SPRING_DATA_REDIS_HOST")),
                nonBlank(env.get("CITY_EXPLORER_ADMIN_EMAIL")).orElse(DEFAULT_ADMIN_EMAIL),
                nonBlank(env.get("CITY_EXPLORER_ADMIN_PASSWORD")).orElse(DEFAULT_ADMIN_PASSWORD));
    }

    @Override
    public String toString() {
        return "LaunchOptions[dataDir=" + dataDir + ", jarsDir=" + jarsDir + ", gatewayPort=" + gatewayPort
                + ", randomPorts=" + randomPorts + ", plainJvm=" + plainJvm + ", adminEmail=" + adminEmail
                + ", adminPassword=(hidden)]";
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException(option + " needs a value, as in " + option + "=...");
        }
        return value;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    static String usage() {
        return """
                Usage: DevStack [options]
                  --data-dir=DIR      where MongoDB, Kafka and Redis keep their data and services their logs (.data)
                  --gateway-port=N    the gateway's port (SERVER_PORT or 8080)
                  --random-ports      choose free ports for everything (tests, several stacks side by side)
                  --jars=DIR          the services' runnable jars (dev-stack/target/services)
                  --exit-with-parent  stop when the process that started the launcher ends (used by Maven)
                  --plain-jvm         start services with the JVM's defaults (no tuned flags, no CDS): the benchmark baseline
                Environment: SPRING_MONGODB_URI, SPRING_KAFKA_BOOTSTRAP_SERVERS, SPRING_DATA_REDIS_HOST[/PORT]
                  use that infrastructure instead of the embedded one; CITY_EXPLORER_ADMIN_EMAIL and
                  CITY_EXPLORER_ADMIN_PASSWORD set the first administrator.""";
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
