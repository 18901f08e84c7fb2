package com.cityexplorer.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import com.cityexplorer.devstack.LaunchOptions.UsageException;
import com.cityexplorer.infra.FreePorts;

/**
 * Runs the whole platform on one machine with nothing but a JDK: MongoDB-wire server, Kafka and Redis
 * first, then the six services and the gateway as separate JVMs, each gated on its readiness probe.
 * Stopping it (Ctrl-C, SIGTERM, or the end of the process that started it) stops every service
 * gracefully and then the infrastructure, leaving nothing running.
 */
public final class DevStack implements AutoCloseable {

    /** How often the launcher says which instances are still starting. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(30);
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LaunchOptions options;
    private final Console console;
    private final Map<PlatformComponent, ServiceProcess> processes = new LinkedHashMap<>();
    /** Further gateway and service instances started while running ({@link #addGateway()}, {@link #addInstance}). */
    private final List<ServiceProcess> extraInstances = new ArrayList<>();
    private final Map<PlatformComponent, RunnableApp> apps = new LinkedHashMap<>();
    private final Map<String, String> gatewayProperties = new LinkedHashMap<>();
    private final Map<String, String> gatewayEnvironment = new LinkedHashMap<>();
    /** How each component was started, to start it again ({@link #restart}). */
    private final Map<PlatformComponent, Launch> launches = new LinkedHashMap<>();
    private final Map<PlatformComponent, Integer> instanceNumbers = new java.util.concurrent.ConcurrentHashMap<>();

    private record Launch(int port, Map<String, String> properties, Map<String, String> environment) {
    }
    private final CountDownLatch closed = new CountDownLatch(1);
    private Infrastructure infrastructure;
    private int gatewayPort;
    private boolean closing;

    DevStack(LaunchOptions options, Console console) {
        this.options = options;
        this.console = console;
    }

    public static void main(String[] args) {
        long launched = System.nanoTime();
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, System.getenv(), defaultJarsDir());
        }
        catch (UsageException | NumberFormatException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("city-explorer.log-dir", options.dataDir().resolve("logs").toString());
        // Initialise logging now, on one thread, before the infrastructure logs from several at once.
        org.slf4j.LoggerFactory.getLogger(DevStack.class).info("Launching City Explorer, data in {}", options.dataDir());
        DevStack stack = new DevStack(options, new Console(System.out, launched));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "dev-stack-shutdown"));
        if (options.exitWithParent()) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        try {
            stack.start();
        }
        catch (RuntimeException ex) {
            System.err.println();
            System.err.println("City Explorer could not start: " + ex.getMessage());
            System.exit(1);
        }
        new ConsoleCommands(stack, System.out).readFrom(System.in);
        stack.awaitClose();
    }

    /** Starts everything and returns once the gateway routes to every ready service. */
    void start() {
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("City Explorer needs Java 25 or newer; this is " + Runtime.version()
                    + ". Start it with ./mvnw -Pdev package, which finds a JDK 25 by itself.");
        }
        Path logDir = options.dataDir().resolve("logs");
        Infrastructure.ensureDirectory(logDir);
        StaleProcesses.stopLeftovers(options.dataDir(), console);
        console.step("Starting City Explorer: data in " + options.dataDir() + ", logs in " + logDir);

        infrastructure = Infrastructure.start(options, console);

        List<PlatformComponent> components = Stream.concat(PlatformComponent.SERVICES.stream(),
                Stream.of(PlatformComponent.GATEWAY)).toList();
        Map<PlatformComponent, Integer> ports = new LinkedHashMap<>();
        components.forEach(component -> ports.put(component, choosePort(component)));
        gatewayPort = ports.get(PlatformComponent.GATEWAY);

        components.parallelStream().forEach(component -> {
            RunnableApp app = RunnableApp.prepare(component, options.jarsDir(), options.dataDir().resolve("apps"));
            synchronized (apps) {
                apps.put(component, app);
            }
        });

        // A fresh identity key pair per launch: the gateway signs with the private half, services verify
        // with the public half. Sessions survive a restart (they are opaque tokens in Redis, not signed).
        IdentityKeyPair identityKeys = IdentityKeyPair.generate();
        for (PlatformComponent component : components) {
            Map<String, String> properties = new LinkedHashMap<>(infrastructure.serviceProperties());
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("CITY_EXPLORER_IDENTITY_VERIFICATION_KEYS", identityKeys.publicKey());
            // Services announce themselves in the Redis instance registry; gateways read it.
            properties.put("city-explorer.discovery.registry.enabled", "true");
            properties.put("city-explorer.discovery.registry.host", "127.0.0.1");
            if (component.isGateway()) {
                // On one machine every client (browser, scripts, tests, benchmarks) has one address and would
                // share the anonymous bucket; signed-in callers keep their tiers as configured.
                properties.put("city-explorer.gateway.rate-limits.tiers.anonymous.replenish-per-second", "20000");
                properties.put("city-explorer.gateway.rate-limits.tiers.anonymous.burst", "40000");
                environment.put("CITY_EXPLORER_IDENTITY_SIGNING_KEY", identityKeys.privateKey());
                gatewayProperties.putAll(properties);
                gatewayEnvironment.putAll(environment);
            }
            if (component.name().equals("affiliate")) {
                environment.putAll(AffiliateKeys.forDataDir(options.dataDir()));
                properties.put("city-explorer.events.journal.directory",
                        options.dataDir().resolve("journals").resolve("affiliate").toAbsolutePath().toString());
            }
            if (component.name().equals("user")) {
                environment.put("CITY_EXPLORER_ADMIN_EMAIL", options.adminEmail());
                environment.put("CITY_EXPLORER_ADMIN_PASSWORD", options.adminPassword());
            }
            launches.put(component, new Launch(ports.get(component), properties, environment));
            ServiceProcess process = ServiceProcess.start(component, apps.get(component), options.jvmFlags(), ports.get(component),
                    properties, environment, logDir);
            synchronized (processes) {
                processes.put(component, process);
            }
        }
        StaleProcesses.record(options.dataDir(), processes.values(), infrastructure.childProcesses());
        console.step("Started " + processes.size() + " JVMs; waiting for each to be ready...");

        Map<String, CompletableFuture<Void>> readiness = new LinkedHashMap<>();
        // One thread per instance (the common pool would probe only cores - 1 of them at a time); when one instance
        // fails, the others' probes are interrupted rather than waited for.
        var probes = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (ServiceProcess process : processes.values()) {
                readiness.put(process.component().serviceId(), CompletableFuture.runAsync(() -> {
                    process.awaitReady(options.startupTimeout());
                    console.step("  " + process.component().serviceId() + " ready on :" + process.port());
                }, probes));
            }
            StartupProgress.await(readiness, PROGRESS_INTERVAL, console);
        }
        finally {
            probes.shutdownNow();
        }
        awaitGatewayRoutes();
        startReplicas();
        console.step(String.format(java.util.Locale.ROOT,
                "City Explorer is ready at %s in %.1f s (Swagger UI: %s/swagger-ui.html). Press Ctrl-C to stop.",
                gatewayUrl(), console.elapsedSeconds(), gatewayUrl()));
    }

    /**
     * Starts one more gateway instance on a free port, sharing the services, Redis and keys of the
     * first, and returns its base URL once it routes to every service. For trying (and testing) that
     * sessions and logouts hold across gateway instances.
     */
    String addGateway() {
        int port = FreePorts.find();
        ServiceProcess gateway;
        synchronized (processes) {
            gateway = ServiceProcess.start(PlatformComponent.GATEWAY, nextInstanceNumber(PlatformComponent.GATEWAY),
                    apps.get(PlatformComponent.GATEWAY), options.jvmFlags(), port, gatewayProperties, gatewayEnvironment,
                    options.dataDir().resolve("logs"));
            extraInstances.add(gateway);
            StaleProcesses.record(options.dataDir(), allProcesses(), infrastructure.childProcesses());
        }
        gateway.awaitReady(options.startupTimeout());
        awaitRoutes(gateway.baseUri());
        console.step("  another gateway-service ready on :" + port);
        return gateway.baseUri();
    }

    /** Starts the further instances asked for with {@code --replicas}, all at once, and waits for them. */
    private void startReplicas() {
        List<CompletableFuture<String>> starting = new ArrayList<>();
        options.replicas().forEach((name, count) -> {
            for (int instance = 2; instance <= count; instance++) {
                starting.add(CompletableFuture.supplyAsync(() -> addInstance(name)));
            }
        });
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        }
        catch (java.util.concurrent.CompletionException ex) {
            throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
        }
    }

    /**
     * Starts one more instance of a service ({@code place}, {@code city}...) on a free port, with the
     * first one's settings, and returns its base URL once it is ready. It announces itself in the
     * instance registry, and every gateway balances over it within seconds.
     */
    String addInstance(String name) {
        PlatformComponent component = process(name).component();
        if (component.isGateway()) {
            return addGateway();
        }
        Launch launch = launches.get(component);
        int port = FreePorts.find();
        ServiceProcess instance;
        synchronized (processes) {
            int number = nextInstanceNumber(component);
            instance = ServiceProcess.start(component, number, apps.get(component), options.jvmFlags(), port,
                    launch.properties(), launch.environment(), options.dataDir().resolve("logs"));
            extraInstances.add(instance);
            StaleProcesses.record(options.dataDir(), allProcesses(), infrastructure.childProcesses());
        }
        instance.awaitReady(options.startupTimeout());
        console.step("  another " + component.serviceId() + " ready on :" + port);
        return instance.baseUri();
    }

    /** Instance numbers (for log file names) are never reused, so a stopped instance's log stays. */
    private int nextInstanceNumber(PlatformComponent component) {
        return instanceNumbers.merge(component, 1, Integer::sum) + 1;
    }

    /**
     * Stops the most recently added instance of a component gracefully (SIGTERM), as a scale-down
     * would: it leaves the instance registry, finishes what it is serving and exits. Returns its URL.
     */
    String stopInstance(String name) {
        ServiceProcess instance = removeNewestExtraInstance(name);
        instance.requestStop();
        instance.awaitStopped(STOP_GRACE);
        console.step("  " + instance.component().serviceId() + " on :" + instance.port() + " stopped");
        return instance.baseUri();
    }

    /** Kills the most recently added instance of a component at once (SIGKILL), as a crash would. Returns its URL. */
    String killInstance(String name) {
        ServiceProcess instance = removeNewestExtraInstance(name);
        instance.handle().destroyForcibly();
        instance.handle().onExit().join();
        console.step("  " + instance.component().serviceId() + " on :" + instance.port() + " killed");
        return instance.baseUri();
    }

    private ServiceProcess removeNewestExtraInstance(String name) {
        PlatformComponent component = process(name).component();
        synchronized (processes) {
            for (int index = extraInstances.size() - 1; index >= 0; index--) {
                if (extraInstances.get(index).component() == component) {
                    ServiceProcess instance = extraInstances.remove(index);
                    StaleProcesses.record(options.dataDir(), allProcesses(), infrastructure.childProcesses());
                    return instance;
                }
            }
        }
        throw new IllegalArgumentException(component.serviceId() + " runs only its first instance; add one first (add "
                + name + ")");
    }

    /** Every running instance, by component: for the console's {@code instances} command. */
    Map<String, List<String>> instances() {
        Map<String, List<String>> instances = new LinkedHashMap<>();
        for (ServiceProcess process : allProcesses()) {
            if (process.isAlive()) {
                instances.computeIfAbsent(process.component().serviceId(), id -> new ArrayList<>()).add(process.baseUri());
            }
        }
        return instances;
    }

    /** Kills a component's process at once (SIGKILL), as a crash would: no graceful shutdown. */
    void kill(String name) {
        ServiceProcess process = process(name);
        process.handle().destroyForcibly();
        process.handle().onExit().join();
    }

    /** Starts a component again, on its port, with its settings, and waits until it is ready. */
    void restart(String name) {
        PlatformComponent component = process(name).component();
        Launch launch = launches.get(component);
        ServiceProcess process;
        synchronized (processes) {
            process = ServiceProcess.start(component, apps.get(component), options.jvmFlags(), launch.port(),
                    launch.properties(), launch.environment(), options.dataDir().resolve("logs"));
            processes.put(component, process);
            StaleProcesses.record(options.dataDir(), allProcesses(), infrastructure.childProcesses());
        }
        process.awaitReady(options.startupTimeout());
        console.step("  " + component.serviceId() + " restarted on :" + launch.port());
    }

    void stopKafka() {
        infrastructure.stopKafka();
        console.step("  Kafka stopped");
    }

    void startKafka() {
        infrastructure.startKafka();
        console.step("  Kafka started again");
    }

    private List<ServiceProcess> allProcesses() {
        synchronized (processes) {
            return Stream.concat(processes.values().stream(), extraInstances.stream()).toList();
        }
    }

    private int choosePort(PlatformComponent component) {
        if (options.randomPorts()) {
            return FreePorts.find();
        }
        int port = component.isGateway() ? options.gatewayPort() : component.defaultPort();
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException("Port " + port + " for " + component.serviceId() + " is already in use. "
                    + "Is City Explorer already running? Stop it, or use --random-ports.");
        }
        return port;
    }

    /** The gateway checks instances actively; wait until it routes to every service. */
    private void awaitGatewayRoutes() {
        awaitRoutes(gatewayUrl());
    }

    private static void awaitRoutes(String gatewayUrl) {
        for (PlatformComponent service : PlatformComponent.SERVICES) {
            URI readiness = URI.create(gatewayUrl + "/services/" + service.name() + "/health/readiness");
            if (!HttpProbe.awaitOk(readiness, Duration.ofSeconds(60), () -> { })) {
                throw new IllegalStateException("The gateway does not route to " + service.serviceId());
            }
        }
    }

    String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    /** The base URL of a service's first instance ({@code place}, {@code city}...). */
    String serviceUrl(String name) {
        return process(name).baseUri();
    }

    String infrastructureProperty(String name) {
        return infrastructure.serviceProperties().get(name);
    }

    ServiceProcess process(String name) {
        return processes.entrySet().stream()
            .filter(entry -> entry.getKey().name().equals(name))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("there is no service named '" + name + "'"));
    }

    List<ProcessHandle> processHandles() {
        return allProcesses().stream().map(ServiceProcess::handle).toList();
    }

    void awaitClose() {
        try {
            closed.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every service gracefully, then the infrastructure. Safe to call more than once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            List<ServiceProcess> running = allProcesses();
            if (!running.isEmpty()) {
                console.step("Stopping " + running.size() + " services...");
                running.forEach(ServiceProcess::requestStop);
                running.parallelStream().forEach(process -> process.awaitStopped(STOP_GRACE));
            }
            if (infrastructure != null) {
                console.step("Stopping Kafka, Redis and the MongoDB wire server...");
                infrastructure.close();
            }
            StaleProcesses.clear(options.dataDir());
            console.step("City Explorer stopped.");
        }
        finally {
            closed.countDown();
        }
    }

    private static Path defaultJarsDir() {
        try {
            Path classes = Path.of(DevStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.resolveSibling("services");
        }
        catch (Exception ex) {
            return Path.of("dev-stack", "target", "services");
        }
    }
}
