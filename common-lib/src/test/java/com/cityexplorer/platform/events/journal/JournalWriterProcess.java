package com.cityexplorer.platform.events.journal;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * A service instance that appends to a journal, as its own JVM, for {@link EventJournalCrashTest}. Arguments:
 * the journal directory, how many events, the run (key prefix and id seed), Kafka's bootstrap servers, and
 * whether to wait, half-way, until its shipper has shipped something (so it is killed in the middle of
 * shipping). Prints {@code SLOT <slot>} once it holds its slot and {@code APPENDED <count>} once the last
 * append has returned, then waits to be killed.
 */
public final class JournalWriterProcess {

    private JournalWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
            .setLevel(ch.qos.logback.classic.Level.WARN);
        Path directory = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String run = args[2];
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventJournal journal = new EventJournal(JournalTests.template(args[3], 30_000), JournalTests.JSON,
                new EventJournalSettings(directory, Duration.ofMillis(200), Duration.ofMillis(20), 100, 64L * 1024 * 1024,
                        Duration.ofMillis(100)), registry);
        System.out.println("SLOT " + journal.slotDirectory().getFileName());
        System.out.flush();
        journal.start();
        for (int i = 0; i < count; i++) {
            if (i == count / 2 && Boolean.parseBoolean(args[4])) {
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("ce.journal.shipped").counter().count() > 0);
            }
            String key = run + "-" + (i % 5);
            journal.append(JournalTests.TOPIC, key, JournalTests.envelope(run, key, i, JournalTests.TRACEPARENT));
        }
        System.out.println("APPENDED " + count);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5)); // until killed (not waiting for any outcome)
    }
}
