package com.cityexplorer.devstack;

import java.nio.file.Path;
import java.time.Duration;
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
        JvmFlags jvmFlags,
        Duration startupTimeout,
        Map<String, Integer> replicas,
        Optional<String> externalMongoUri,
        Optional<String> externalKafka,
        Optional<String> externalRedisHost,
        String adminEmail,
        String adminPassword) {

    /**
     * How long an instance may take to report ready. A first start imports the city and place catalogs (and
     * announces every city) while seven JVMs start on the same cores: on two busy cores city-service took 205 s.
     */
    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(10);

    static final String DEFAULT_ADMIN_EMAIL = "admin@city-explorer.local";
    /** Development only, printed in the README; a production deployment sets its own or gets no admin. */
    static final String DEFAULT_ADMIN_PASSWORD = "Explorer-dev-2026";

    static LaunchOptions parse(String[] args, Map<String, String> env, Path defaultJarsDir) {
        Path dataDir = Path.of(".data");
        Path jarsDir = defaultJarsDir;
        int gatewayPort = env.containsKey("SERVER_PORT") ? Integer.parseInt(env.get("SERVER_PORT")) : 8080;
        boolean randomPorts = false;
        boolean exitWithParent = false;
        JvmFlags jvmFlags = JvmFlags.DEVELOPMENT;
        Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        Map<String, Integer> replicas = new java.util.LinkedHashMap<>();
        // Maven passes -Ddevstack.args as one argument: options in it are separated by spaces.
        String[] words = java.util.Arrays.stream(args).filter(java.util.Objects::nonNull)
            .flatMap(arg -> java.util.Arrays.stream(arg.trim().split("\\s+")))
            .toArray(String[]::new);
        for (int index = 0; index < words.length; index++) {
            String arg = words[index];
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
                case "--plain-jvm", "--production-jvm" -> {
                    JvmFlags chosen = pair[0].equals("--plain-jvm") ? JvmFlags.PLAIN : JvmFlags.PRODUCTION;
                    if (jvmFlags != JvmFlags.DEVELOPMENT && jvmFlags != chosen) {
                        throw new UsageException("Choose one of --plain-jvm and --production-jvm\n" + usage());
                    }
                    jvmFlags = chosen;
                }
                case "--startup-timeout" -> startupTimeout = parseSeconds(pair[0], required(pair[0], value));
                case "--replicas" -> {
                    // Both --replicas=place=3,city=2 and --replicas place=3 (as in the docs).
                    if (value == null && index + 1 < words.length && !words[index + 1].startsWith("--")) {
                        value = words[++index];
                    }
                    replicas.putAll(parseReplicas(required(pair[0], value)));
                }
                case "--help", "-h" -> throw new UsageException(usage());
                default -> throw new UsageException("Unknown option " + arg + "\n" + usage());
            }
        }
        return new LaunchOptions(dataDir.toAbsolutePath().normalize(), jarsDir.toAbsolutePath().normalize(),
                gatewayPort, randomPorts, exitWithParent, jvmFlags, startupTimeout, Map.copyOf(replicas), nonBlank(env.get("SPRING_MONGODB_URI")),
                nonBlank(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")), nonBlank(env.get("SPRING_DATA_REDIS_HOST")),
                nonBlank(env.get("CITY_EXPLORER_ADMIN_EMAIL")).orElse(DEFAULT_ADMIN_EMAIL),
                nonBlank(env.get("CITY_EXPLORER_ADMIN_PASSWORD")).orElse(DEFAULT_ADMIN_PASSWORD));
    }

    @Override
    public String toString() {
        return "LaunchOptions[dataDir=" + dataDir + ", jarsDir=" + jarsDir + ", gatewayPort=" + gatewayPort
                + ", randomPorts=" + randomPorts + ", jvmFlags=" + jvmFlags + ", startupTimeout=" + startupTimeout
                + ", replicas=" + replicas + ", adminEmail=" + adminEmail
                + ", adminPassword=(hidden)]";
    }

    /** {@code place=3,city=2}: how many instances of each named component to run (1 to 9). */
    static Map<String, Integer> parseReplicas(String value) {
        Map<String, Integer> replicas = new java.util.LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String[] pair = entry.strip().split("=", 2);
            boolean known = PlatformComponent.GATEWAY.name().equals(pair[0])
                    || PlatformComponent.SERVICES.stream().anyMatch(service -> service.name().equals(pair[0]));
            if (!known) {
                throw new UsageException("--replicas: unknown component '" + pair[0] + "'; use one of gateway, "
                        + String.join(", ", PlatformComponent.SERVICES.stream().map(PlatformComponent::name).toList()));
            }
            int count;
            try {
                count = pair.length == 2 ? Integer.parseInt(pair[1].strip()) : -1;
            }
            catch (NumberFormatException ex) {
                count = -1;
            }
            if (count < 1 || count > 9) {
                throw new UsageException("--replicas: give each component 1 to 9 instances, as in place=3 (not '" + entry + "')");
            }
            replicas.put(pair[0], count);
        }
        return replicas;
    }

    private static Duration parseSeconds(String option, String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 1 && seconds <= 86_400) {
                return Duration.ofSeconds(seconds);
            }
        }
        catch (NumberFormatException ex) {
            // answered below
        }
        throw new UsageException(option + " takes whole seconds from 1 to 86400, as in " + option + "=900 (not '" + value + "')");
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
                  --plain-jvm         the JVM's defaults and the images' runtime flags (no tuned flags, no CDS): the
                                      start-up benchmark's baseline
                  --production-jvm    the Helm chart's JVM options (serial GC, C2, a 282 MB heap): for benchmarks
                  --replicas place=3[,city=2...]  run several instances of a service (or of the gateway)
                  --startup-timeout=S give up when an instance is not ready after S seconds (600; a first start
                                      imports the catalogs)
                While it runs, type "add place", "stop place", "kill place" or "instances" (see "help").
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
