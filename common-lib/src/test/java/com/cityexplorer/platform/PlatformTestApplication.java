package com.cityexplorer.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.jobs.JobHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;

/** A service built on common-lib with one event listener and a few job types, for the event and job tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ PlatformTestApplication.RecordingListener.class, PlatformTestApplication.TestJobs.class })
public class PlatformTestApplication {

    /** Applies events by recording them; an event whose data says {@code poison} always fails. */
    public static class RecordingListener {

        public final List<String> applied = new CopyOnWriteArrayList<>();
        /** Aggregates whose events fail until removed from here: a fault that an operator later fixes. */
        public final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final IdempotentEventHandler events;

        public RecordingListener(IdempotentEventHandler events) {
            this.events = events;
        }

        @KafkaListener(topics = "ce.test.events", groupId = "events-test", autoStartup = "${test.recording-listener:true}")
        void on(ConsumerRecord<String, String> record) {
            events.handle("recording", record, event -> {
                if (event.data().path("poison").asBoolean(false) || failing.contains(event.aggregateId())) {
                    throw new IllegalStateException("poison event " + event.id());
                }
                applied.add(event.aggregateId() + ":" + event.id());
            });
        }
    }

    /** Job types for the job tests. */
    public static class TestJobs {

        /** Released by the test; blocks only the first run of a job (a worker that hangs, then dies). */
        public static final CountDownLatch RELEASE_FIRST_RUN = new CountDownLatch(1);
        private static final AtomicBoolean FIRST_RUN = new AtomicBoolean(true);
        private static final java.util.Map<String, Integer> FLAKY_CALLS = new java.util.concurrent.ConcurrentHashMap<>();

        @org.springframework.context.annotation.Bean
        JobHandler echoJob() {
            return handler("echo", payload -> payload);
        }

        @org.springframework.context.annotation.Bean
        JobHandler slowJob() {
            return handler("slow", payload -> {
                Thread.sleep(payload.path("millis").asLong(1000));
                return payload;
            });
        }

        @org.springframework.context.annotation.Bean
        JobHandler flakyJob() {
            return handler("flaky", payload -> {
                int call = FLAKY_CALLS.merge(payload.path("key").asString(), 1, Integer::sum);
                if (call <= payload.path("failures").asInt()) {
                    throw new IllegalStateException("flaky failure " + call);
                }
                return java.util.Map.of("calls", call);
            });
        }

        @org.springframework.context.annotation.Bean
        JobHandler hangingJob() {
            return handler("hanging", payload -> {
                if (FIRST_RUN.getAndSet(false)) {
                    RELEASE_FIRST_RUN.await(60, TimeUnit.SECONDS);
                    return java.util.Map.of("run", "first");
                }
                return java.util.Map.of("run", "takeover");
            });
        }

        /** Runs as long as {@code test.jobs.takeover-millis} says in this JVM, then names the JVM that finished it. */
        @org.springframework.context.annotation.Bean
        JobHandler takeoverProbeJob() {
            return handler("takeover-probe", payload -> {
                Thread.sleep(Long.getLong("test.jobs.takeover-millis", 0));
                return java.util.Map.of("pid", ProcessHandle.current().pid());
            });
        }

        interface Work {
            Object run(JsonNode payload) throws Exception;
        }

        private static JobHandler handler(String type, Work work) {
            return new JobHandler() {
                @Override
                public String type() {
                    return type;
                }

                @Override
                public Object run(JsonNode payload) throws Exception {
                    return work.run(payload);
                }
            };
        }
    }
}
