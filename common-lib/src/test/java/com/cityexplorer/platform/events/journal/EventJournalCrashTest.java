package com.cityexplorer.platform.events.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.cityexplorer.infra.FreePorts;
import com.cityexplorer.test.PlatformInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process killed with SIGKILL right after its appends returned loses none of them: a child JVM appends
 * to a journal directory and is killed as soon as it says so; a journal on the same directory in this JVM
 * then ships every entry, whether it takes the dead process's slot or adopts it while running.
 */
class EventJournalCrashTest {

    private static final Logger log = LoggerFactory.getLogger(EventJournalCrashTest.class);

    @TempDir
    Path directory;

    @TempDir
    Path logs;

    final List<Process> processes = new ArrayList<>();
    final List<EventJournal> journals = new ArrayList<>();
    final Map<Process, BufferedReader> outputs = new java.util.HashMap<>();

    @BeforeAll
    static void topic() {
        JournalTests.createTopic();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        journals.forEach(EventJournal::close);
    }

    @Test
    void everyEntryOfAProcessKilledBeforeItShippedAnyIsShippedByTheNextJournalOnTheDirectory() throws Exception {
        String run = "crash-" + UUID.randomUUID();
        int count = 500;
        Process child = startChild(run, count, "127.0.0.1:" + FreePorts.find(), false); // its Kafka is unreachable
        awaitLine(child, "SLOT slot-0");
        EventJournal neighbour = journal(Duration.ofMinutes(1)); // not started: it only holds a slot
        assertThat(neighbour.slotDirectory().getFileName()).as("slot-0 is the living child's").hasToString("slot-1");
        killOnceAppended(child, count);

        EventJournal next = journal(EventJournal.ADOPTION_INTERVAL);
        assertThat(next.slotDirectory().getFileName()).as("the killed process's slot, free again").hasToString("slot-0");
        assertThat(next.backlogBytes()).isPositive();
        next.start();

        List<ConsumerRecord<String, String>> received = JournalTests.read(run, count);
        assertThat(JournalTests.ids(received))
            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).mapToObj(i -> JournalTests.id(run, i).toString()).toList());
        assertThat(received).as("nothing was shipped before the kill, so nothing twice").hasSize(count);
        assertThat(received).allSatisfy(record -> assertThat(JournalTests.header(record, "traceparent")).isEqualTo(JournalTests.TRACEPARENT));
        assertInOrderPerKey(received);
        await().atMost(Duration.ofSeconds(10)).until(() -> next.backlogBytes() == 0);
    }

    @Test
    void whatAProcessKilledWhileShippingLeftIsAdoptedByALiveJournalWithNothingLost() throws Exception {
        String run = "crash-shipping-" + UUID.randomUUID();
        int count = 5000;
        Process child = startChild(run, count, PlatformInfrastructure.shared().kafkaBootstrapServers(), true);
        awaitLine(child, "SLOT slot-0");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventJournal live = journal(Duration.ofMillis(300), registry);
        live.start();
        assertThat(live.slotDirectory().getFileName()).hasToString("slot-1");
        killOnceAppended(child, count); // in the middle of shipping: it waited half-way until it had shipped something

        List<ConsumerRecord<String, String>> received = JournalTests.read(run, count);
        Set<String> ids = JournalTests.ids(received);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, count).mapToObj(i -> JournalTests.id(run, i).toString()).toList());
        long shippedAfterTheKill = (long) registry.get("ce.journal.shipped").counter().count();
        int duplicates = received.size() - ids.size();
        log.info("Of {} entries, {} were shipped by the killed process and {} by the journal "
                + "that adopted its slot; {} arrived twice (allowed: at least once, consumers deduplicate by id)",
                count, received.size() - shippedAfterTheKill, shippedAfterTheKill, duplicates);
        assertThat(shippedAfterTheKill).as("the kill came before the child had shipped everything").isPositive();
        assertThat(received.size() - shippedAfterTheKill).as("and after it had shipped some").isPositive();
        assertThat(duplicates).as("at most the batch (100) in flight at the kill").isLessThanOrEqualTo(100);
        assertInOrderPerKey(received);
    }

    /** Starts the child JVM (see {@link JournalWriterProcess}). */
    private Process startChild(String run, int count, String bootstrapServers, boolean shipping) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), JournalWriterProcess.class.getName(),
                directory.toString(), String.valueOf(count), run, bootstrapServers, String.valueOf(shipping));
        Process child = new ProcessBuilder(command).redirectError(logs.resolve("child.log").toFile()).start();
        processes.add(child);
        return child;
    }

    /**
     * Kills the child (SIGKILL: no shutdown hook, no flush, no graceful stop) the moment it says its last
     * append has returned, from the thread that reads its output.
     */
    private void killOnceAppended(Process child, int count) throws Exception {
        awaitLine(child, "APPENDED " + count, child::destroyForcibly);
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Returns as soon as the child has printed {@code expected}. */
    private void awaitLine(Process child, String expected) throws Exception {
        awaitLine(child, expected, () -> { });
    }

    private void awaitLine(Process child, String expected, Runnable then) throws Exception {
        BufferedReader output = outputs.computeIfAbsent(child,
                process -> new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        CompletableFuture<Boolean> printed = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.equals(expected)) {
                        then.run();
                        return true;
                    }
                }
                return false;
            }
            catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        assertThat(printed.get(60, TimeUnit.SECONDS)).as("the child printed %s (see %s)", expected, logs.resolve("child.log"))
            .isTrue();
    }

    private EventJournal journal(Duration adoptionInterval) {
        return journal(adoptionInterval, new SimpleMeterRegistry());
    }

    private EventJournal journal(Duration adoptionInterval, SimpleMeterRegistry registry) {
        EventJournal journal = new EventJournal(JournalTests.kafka(), JournalTests.JSON, JournalTests.settings(directory), registry,
                adoptionInterval);
        journals.add(journal);
        return journal;
    }

    /** Per key, the first time each event arrives is in the order it was appended (repeats aside). */
    private static void assertInOrderPerKey(List<ConsumerRecord<String, String>> received) {
        Map<String, List<Integer>> firstArrivals = new java.util.HashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (ConsumerRecord<String, String> record : received) {
            int sequence = JournalTests.sequence(record);
            if (seen.add(sequence)) {
                firstArrivals.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(sequence);
            }
        }
        firstArrivals.forEach((key, sequences) -> assertThat(sequences).as(key).isSorted());
        assertThat(firstArrivals.values().stream().map(List::size).collect(Collectors.toList())).hasSize(5);
    }
}
