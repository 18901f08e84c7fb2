package com.cityexplorer.platform.events.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.EventRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.kafka.core.KafkaTemplate;

import static com.cityexplorer.platform.events.journal.JournalTests.TOPIC;
import static com.cityexplorer.platform.events.journal.JournalTests.TRACEPARENT;
import static com.cityexplorer.platform.events.journal.JournalTests.envelope;
import static com.cityexplorer.platform.events.journal.JournalTests.header;
import static com.cityexplorer.platform.events.journal.JournalTests.kafka;
import static com.cityexplorer.platform.events.journal.JournalTests.read;
import static com.cityexplorer.platform.events.journal.JournalTests.segments;
import static com.cityexplorer.platform.events.journal.JournalTests.sequence;
import static com.cityexplorer.platform.events.journal.JournalTests.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The local event journal against the real test broker, in this JVM (the crash is in {@link EventJournalCrashTest}). */
class EventJournalTest {

    private static final Logger log = LoggerFactory.getLogger(EventJournalTest.class);

    @TempDir
    Path directory;

    final String run = "journal-" + UUID.randomUUID();
    final Map<EventJournal, SimpleMeterRegistry> journals = new LinkedHashMap<>();
    final List<KafkaTemplate<String, String>> templates = new ArrayList<>();

    @BeforeAll
    static void topic() {
        JournalTests.createTopic();
    }

    @AfterEach
    void closeJournals() {
        journals.keySet().forEach(EventJournal::close);
        templates.forEach(JournalTests::destroy);
    }

    @Test
    void shipsEntriesWithKeyHeadersAndTheEnvelopeAsAppendedInOrderPerKey() {
        EventJournal journal = journal(directory, kafka());
        journal.start();
        Map<String, String> appendedJson = new HashMap<>();
        for (int i = 0; i < 90; i++) {
            String key = run + "-" + (i % 3);
            EventEnvelope event = envelope(run, key, i, i % 2 == 0 ? TRACEPARENT : null);
            journal.append(TOPIC, key, event);
            appendedJson.put(event.id().toString(), JournalTests.JSON.writeValueAsString(event));
        }

        List<ConsumerRecord<String, String>> received = read(run, 90);
        assertThat(received).hasSize(90);
        for (ConsumerRecord<String, String> record : received) {
            EventEnvelope event = JournalTests.envelope(record);
            int sequence = sequence(record);
            assertThat(record.key()).isEqualTo(run + "-" + (sequence % 3)).isEqualTo(event.aggregateId());
            assertThat(record.value()).as("the envelope exactly as appended").isEqualTo(appendedJson.get(event.id().toString()));
            assertThat(event).isEqualTo(envelope(run, record.key(), sequence, sequence % 2 == 0 ? TRACEPARENT : null));
            assertThat(header(record, EventRecords.TYPE_HEADER)).isEqualTo("ClickRecorded");
            assertThat(header(record, EventRecords.TRACEPARENT_HEADER)).isEqualTo(sequence % 2 == 0 ? TRACEPARENT : null);
        }
        for (int key = 0; key < 3; key++) {
            int k = key;
            assertThat(received.stream().filter(record -> record.key().equals(run + "-" + k)).map(JournalTests::sequence))
                .as("key %s in append order", k)
                .containsExactlyElementsOf(IntStream.range(0, 90).filter(i -> i % 3 == k).boxed().toList());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlogBytes() == 0);
        assertThat(counter(journal, "ce.journal.appended")).isEqualTo(90);
        assertThat(counter(journal, "ce.journal.shipped")).isEqualTo(90);
        assertThat(journals.get(journal).get("ce.journal.backlog").gauge().value()).isZero();
    }

    @Test
    void whileKafkaIsUnreachableAppendsSucceedAndEntriesWaitForAJournalThatCanShipThem() {
        EventJournal down = journal(directory, template(unreachable()));
        down.start();
        for (int i = 0; i < 100; i++) {
            down.append(TOPIC, run + "-" + (i % 4), envelope(run, run + "-" + (i % 4), i, null));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> counter(down, "ce.journal.ship.failures") >= 2);
        for (int i = 100; i < 200; i++) {
            down.append(TOPIC, run + "-" + (i % 4), envelope(run, run + "-" + (i % 4), i, null));
        }
        assertThat(counter(down, "ce.journal.appended")).isEqualTo(200);
        assertThat(counter(down, "ce.journal.shipped")).isZero();
        assertThat(down.backlogBytes()).isPositive();
        down.close();

        EventJournal up = journal(directory, kafka());
        assertThat(up.slotDirectory()).isEqualTo(down.slotDirectory());
        assertThat(up.backlogBytes()).as("what the first instance left").isPositive();
        up.start();

        List<ConsumerRecord<String, String>> received = read(run, 200);
        assertThat(received).hasSize(200);
        assertThat(JournalTests.ids(received)).hasSize(200)
            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).mapToObj(i -> JournalTests.id(run, i).toString()).toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> up.backlogBytes() == 0);
    }

    @Test
    void aJournalOnTheSameSlotLaterResumesAfterWhatWasShippedWithoutShippingItAgain() {
        EventJournal first = journal(directory, kafka());
        first.start();
        for (int i = 0; i < 10; i++) {
            first.append(TOPIC, run, envelope(run, run, i, null));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(first, "ce.journal.shipped") == 10);
        first.close();

        EventJournal second = journal(directory, kafka());
        assertThat(second.slotDirectory()).isEqualTo(first.slotDirectory());
        assertThat(second.backlogBytes()).isZero();
        for (int i = 10; i < 15; i++) {
            second.append(TOPIC, run, envelope(run, run, i, null));
        }
        second.start();

        List<ConsumerRecord<String, String>> received = read(run, 15);
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(second, "ce.journal.shipped") == 5);
        assertThat(received).extracting(JournalTests::sequence).containsExactlyElementsOf(IntStream.range(0, 15).boxed().toList());
    }

    @Test
    void twoJournalsOnOneDirectoryTakeDifferentSlotsAndALiveOneAdoptsAnOrphanedSlot() throws IOException {
        EventJournal live = journal(directory, kafka(), Duration.ofMillis(300));
        EventJournal other = journal(directory, template(unreachable()));
        assertThat(live.slotDirectory().getFileName()).hasToString("slot-0");
        assertThat(other.slotDirectory().getFileName()).hasToString("slot-1");
        for (int i = 0; i < 50; i++) {
            other.append(TOPIC, run + "-" + (i % 5), envelope(run, run + "-" + (i % 5), i, null));
        }
        live.start();
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
            .until(() -> counter(live, "ce.journal.shipped") == 0); // slot-1 is held: not adopted

        other.close(); // died with 50 entries not shipped (its Kafka was unreachable)
        List<ConsumerRecord<String, String>> received = read(run, 50);
        assertThat(received).hasSize(50);
        assertThat(JournalTests.ids(received)).hasSize(50);
        for (int key = 0; key < 5; key++) {
            int k = key;
            assertThat(received.stream().filter(record -> record.key().equals(run + "-" + k)).map(JournalTests::sequence))
                .containsExactlyElementsOf(IntStream.range(0, 50).filter(i -> i % 5 == k).boxed().toList());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(live, "ce.journal.shipped") == 50);

        // Released after adoption, with nothing left in it: the next instance takes slot-1, empty.
        EventJournal next = await().atMost(Duration.ofSeconds(10)).until(() -> {
            EventJournal candidate = journal(directory, template(unreachable()));
            if (candidate.slotDirectory().getFileName().toString().equals("slot-1")) {
                return candidate;
            }
            journals.remove(candidate).close();
            candidate.close();
            return null;
        }, journal -> journal != null);
        assertThat(next.backlogBytes()).isZero();
        assertThat(segments(next.slotDirectory())).hasSize(1); // its own; the adopted ones were deleted once shipped
    }

    enum Damage { HALF_A_RECORD_AT_THE_END, GARBAGE_AT_THE_END, A_RECORD_OVERWRITTEN_IN_THE_MIDDLE }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedRecordIsSkippedAndEverythingElseIsShipped(Damage damage) throws IOException {
        EventJournal crashed = journal(directory, template(unreachable()));
        Path slot = crashed.slotDirectory();
        long[] ends = new long[21];
        for (int i = 0; i < 21; i++) {
            crashed.append(TOPIC, run, envelope(run, run, i, i == 0 ? TRACEPARENT : null));
            ends[i] = Files.size(segments(slot).getFirst());
        }
        crashed.close(); // never started: nothing shipped
        Path segment = segments(slot).getFirst();
        List<Integer> lost;
        switch (damage) {
            case HALF_A_RECORD_AT_THE_END -> {
                try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                    file.truncate(ends[19] + (ends[20] - ends[19]) / 2);
                }
                lost = List.of(20);
            }
            case GARBAGE_AT_THE_END -> {
                byte[] garbage = new byte[300];
                new java.util.Random(7).nextBytes(garbage);
                ByteBuffer.wrap(garbage).putInt(0, JournalFrames.MAGIC).putInt(4, 100); // looks like a header
                Files.write(segment, garbage, StandardOpenOption.APPEND);
                lost = List.of();
            }
            case A_RECORD_OVERWRITTEN_IN_THE_MIDDLE -> {
                try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                    // Inside the envelope's JSON, near the record's end (a checksum must tell, not a parse error).
                    file.write(ByteBuffer.wrap("\"x\":12345".getBytes(java.nio.charset.StandardCharsets.UTF_8)), ends[10] - 40);
                }
                lost = List.of(10);
            }
            default -> throw new IllegalStateException();
        }

        EventJournal restarted = journal(directory, kafka());
        assertThat(restarted.slotDirectory()).isEqualTo(slot);
        for (int i = 21; i < 26; i++) {
            restarted.append(TOPIC, run, envelope(run, run, i, null));
        }
        restarted.start();

        List<Integer> expected = IntStream.range(0, 26).filter(i -> !lost.contains(i)).boxed().toList();
        List<ConsumerRecord<String, String>> received = read(run, expected.size());
        assertThat(received).extracting(JournalTests::sequence).containsExactlyElementsOf(expected);
        assertThat(JournalTests.envelope(received.getFirst())).isEqualTo(envelope(run, run, 0, TRACEPARENT));
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.backlogBytes() == 0);
        assertThat(segments(slot)).as("the damaged segment is deleted once shipped").hasSize(1);
    }

    @Test
    void manyThreadsAppendingAtOnceLoseNothingAndKeepEachKeysOrder() throws Exception {
        EventJournal journal = journal(directory, kafka());
        journal.start();
        int threads = 8;
        int perThread = 1000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong appendNanos = new AtomicLong();
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = run + "-" + t;
            int first = t * perThread;
            appenders.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
                for (int i = first; i < first + perThread; i++) {
                    EventEnvelope event = envelope(run, key, i, null);
                    long started = System.nanoTime();
                    journal.append(TOPIC, key, event);
                    appendNanos.addAndGet(System.nanoTime() - started);
                }
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        for (Thread appender : appenders) {
            assertThat(appender.join(Duration.ofSeconds(30))).isTrue();
        }
        log.info(String.format(java.util.Locale.ROOT, "%d appends from %d threads in %d ms; %.1f µs per append on average, waiting for the "
                + "lock included (a cold JVM)", threads * perThread, threads,
                (System.nanoTime() - started) / 1_000_000, appendNanos.get() / 1000.0 / (threads * perThread)));
        assertThat(counter(journal, "ce.journal.appended")).isEqualTo(threads * perThread);

        List<ConsumerRecord<String, String>> received = read(run, threads * perThread);
        assertThat(received).hasSize(threads * perThread);
        assertThat(JournalTests.ids(received)).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            String key = run + "-" + t;
            assertThat(received.stream().filter(record -> record.key().equals(key)).map(JournalTests::sequence))
                .containsExactlyElementsOf(IntStream.range(first, first + perThread).boxed().toList());
        }
    }

    @Test
    void fullSegmentsAreReplacedAndDeletedOnceShippedSoTheDiskHoldsLittleMoreThanTheBacklog() throws IOException {
        EventJournalSettings small = new EventJournalSettings(directory, Duration.ofMillis(200), Duration.ofMillis(20), 50,
                4096, Duration.ofMillis(100));
        EventJournal journal = journal(small, kafka(), EventJournal.ADOPTION_INTERVAL);
        journal.start();
        for (int i = 0; i < 300; i++) {
            journal.append(TOPIC, run, envelope(run, run, i, null));
        }
        List<ConsumerRecord<String, String>> received = read(run, 300);
        assertThat(received).extracting(JournalTests::sequence).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlogBytes() == 0 && segments(journal.slotDirectory()).size() == 1);
        long onDisk = 0;
        for (Path segment : segments(journal.slotDirectory())) {
            onDisk += Files.size(segment);
        }
        assertThat(onDisk).as("about 90 kB were appended").isLessThanOrEqualTo(4096 + 1024);
    }

    @Test
    void refusesWhatCannotBeShippedAndAppendsAfterClose() {
        EventJournal journal = journal(directory, template(unreachable()));
        EventEnvelope huge = new EventEnvelope(UUID.randomUUID(), "Huge", 1, "test-service", run, java.time.Instant.now(), null,
                JournalTests.JSON.valueToTree(Map.of("blob", "x".repeat(1_000_001))));
        assertThatThrownBy(() -> journal.append(TOPIC, run, huge)).isInstanceOf(IllegalArgumentException.class);
        journal.close();
        assertThatThrownBy(() -> journal.append(TOPIC, run, envelope(run, run, 0, null))).isInstanceOf(IllegalStateException.class);
    }

    private EventJournal journal(Path directory, KafkaTemplate<String, String> kafka) {
        return journal(directory, kafka, EventJournal.ADOPTION_INTERVAL);
    }

    private EventJournal journal(Path directory, KafkaTemplate<String, String> kafka, Duration adoptionInterval) {
        return journal(JournalTests.settings(directory), kafka, adoptionInterval);
    }

    private EventJournal journal(EventJournalSettings settings, KafkaTemplate<String, String> kafka, Duration adoptionInterval) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventJournal journal = new EventJournal(kafka, JournalTests.JSON, settings, registry, adoptionInterval);
        journals.put(journal, registry);
        return journal;
    }

    private KafkaTemplate<String, String> template(KafkaTemplate<String, String> template) {
        templates.add(template);
        return template;
    }

    private long counter(EventJournal journal, String name) {
        return (long) journals.get(journal).get(name).counter().count();
    }
}
