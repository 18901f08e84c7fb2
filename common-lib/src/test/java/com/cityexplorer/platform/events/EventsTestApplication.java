package com.cityexplorer.platform.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;

/** A service with one event listener, built on common-lib, for the event-consumption tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(EventsTestApplication.RecordingListener.class)
class EventsTestApplication {

    /** Applies events by recording them; an event whose data says {@code poison} always fails. */
    static class RecordingListener {

        final List<String> applied = new CopyOnWriteArrayList<>();
        /** Aggregates whose events fail until removed from here: a fault that an operator later fixes. */
        final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final IdempotentEventHandler events;

        RecordingListener(IdempotentEventHandler events) {
            this.events = events;
        }

        @KafkaListener(topics = "ce.test.events", groupId = "events-test")
        void on(ConsumerRecord<String, String> record) {
            events.handle("recording", record, event -> {
                if (event.data().path("poison").asBoolean(false) || failing.contains(event.aggregateId())) {
                    throw new IllegalStateException("poison event " + event.id());
                }
                applied.add(event.aggregateId() + ":" + event.id());
            });
        }
    }
}
