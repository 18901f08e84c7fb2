package com.cityexplorer.platform.discovery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Announces this instance in the Redis instance registry while it accepts traffic: registered when its
 * readiness turns to ACCEPTING_TRAFFIC, renewed by a heartbeat, removed when readiness turns to
 * REFUSING_TRAFFIC or when the application stops. On a stop it then keeps serving for
 * {@link RegistrySettings#drain()} before the web server's graceful shutdown begins, so gateways have
 * stopped choosing it before it stops accepting connections. A crashed instance simply stops renewing
 * and drops out after {@link RegistrySettings#ttl()}.
 * <p>
 * Written by hand because no registry fits the platform as it is: Kubernetes has its own (used there
 * through Spring Cloud Kubernetes), and locally the only shared infrastructure is Redis, Kafka and
 * MongoDB; Eureka or Consul would add a server to run for the sake of a heartbeat and an expiry.
 */
final class InstanceRegistration implements SmartLifecycle, SmartApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(InstanceRegistration.class);

    /** Stops before the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024}) begins. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final StringRedisTemplate redis;
    private final RegistrySettings settings;
    private final String serviceId;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private volatile RegisteredInstance instance;
    private volatile boolean registered;
    /** When this instance last left the registry (0: never registered). */
    private volatile long leftAt;
    private volatile boolean running;
    private ScheduledExecutorService heartbeats;

    InstanceRegistration(StringRedisTemplate redis, RegistrySettings settings, String serviceId, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.serviceId = serviceId;
        this.clock = clock;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return WebServerInitializedEvent.class.isAssignableFrom(eventType)
                || AvailabilityChangeEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof WebServerInitializedEvent initialized) {
            listeningOn(initialized.getWebServer().getPort());
        }
        else if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState readiness) {
            readinessChanged(readiness);
        }
    }

    void listeningOn(int port) {
        instance = new RegisteredInstance(serviceId, instanceId, URI.create("http://" + host() + ":" + port), settings.weight());
    }

    void readinessChanged(ReadinessState readiness) {
        if (readiness == ReadinessState.ACCEPTING_TRAFFIC) {
            registered = true;
            renew();
        }
        else {
            deregister();
        }
    }

    @Override
    public void start() {
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "instance-registry-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Leaves the registry (if readiness has not already: Boot turns it to REFUSING_TRAFFIC as the context
     * closes) and holds the shutdown until {@link RegistrySettings#drain()} has passed since leaving.
     */
    @Override
    public void stop() {
        running = false;
        deregister();
        heartbeats.shutdownNow();
        long left = leftAt;
        if (left == 0) {
            return;
        }
        long remaining = settings.drain().toMillis() - (clock.millis() - left);
        if (remaining > 0) {
            log.info("Left the instance registry; serving {} ms more before shutting down", remaining);
            try {
                Thread.sleep(remaining);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The registration as it stands, for tests and diagnostics. */
    RegisteredInstance instance() {
        return instance;
    }

    private void renew() {
        RegisteredInstance current = instance;
        if (!registered || current == null) {
            return;
        }
        long now = clock.millis();
        String key = RegisteredInstance.key(serviceId);
        try {
            redis.opsForZSet().add(key, current.member(), now + settings.ttl().toMillis());
            // Registrations of crashed instances are pruned by whoever is still alive.
            redis.opsForZSet().removeRangeByScore(key, 0, now - settings.ttl().toMillis());
        }
        catch (DataAccessException ex) {
            log.warn("Could not renew this instance's registration: {}", ex.getMessage());
        }
    }

    private void deregister() {
        RegisteredInstance current = instance;
        boolean wasRegistered = registered;
        registered = false;
        if (current == null || !wasRegistered) {
            return;
        }
        leftAt = clock.millis();
        try {
            redis.opsForZSet().remove(RegisteredInstance.key(serviceId), current.member());
        }
        catch (DataAccessException ex) {
            log.warn("Could not leave the instance registry (the entry expires in {}): {}", settings.ttl(), ex.getMessage());
        }
    }

    private String host() {
        if (settings.host() != null && !settings.host().isBlank()) {
            return settings.host();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        }
        catch (UnknownHostException ex) {
            return "127.0.0.1";
        }
    }
}
