package com.cityexplorer.platform.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the service's topics once the broker answers, if it did not while the service started. Spring's
 * {@link KafkaAdmin} creates them as the context starts and, since services start without Kafka
 * ({@code spring.kafka.admin.fail-fast=false}), gives up after that one attempt: a service that started while the
 * broker was down or slow (seen on a loaded two-core machine) then kept its events in the outbox for a topic that
 * never came to exist. {@link KafkaAdmin#initialize()} is Spring's own way to try again; this calls it every
 * {@code interval} until it no longer fails, then stops.
 */
final class TopicCreation implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(TopicCreation.class);

    private final KafkaAdmin admin;
    private final Duration interval;
    private volatile ScheduledExecutorService scheduler;

    TopicCreation(KafkaAdmin admin, Duration interval) {
        this.admin = admin;
        this.interval = interval;
    }

    @Override
    public void start() {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("topic-creation").daemon().factory());
        scheduler = retries;
        // The context's own attempt has just been made: the first check comes one interval later (cheap if it worked).
        retries.scheduleWithFixedDelay(() -> {
            try {
                // After start-up, initialize() throws if the broker does not answer; false only means no topics to create.
                admin.initialize();
                retries.shutdown();
            }
            catch (RuntimeException ex) {
                // Caught: an exception escaping the task would end the retries.
                log.warn("Kafka topics not created yet (" + ex.getMessage() + "); trying again in " + interval.toMillis() + " ms");
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService retries = scheduler;
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService retries = scheduler;
        return retries != null && !retries.isShutdown();
    }

    /** True once the topics exist (or were checked), and no more attempts are scheduled. */
    boolean done() {
        ScheduledExecutorService retries = scheduler;
        return retries != null && retries.isShutdown();
    }
}
