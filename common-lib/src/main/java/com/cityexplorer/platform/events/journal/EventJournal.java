package com.cityexplorer.platform.events.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.EventRecords;
import com.cityexplorer.platform.events.journal.JournalFrames.Batch;
import com.cityexplorer.platform.events.journal.JournalFrames.Entry;
import com.cityexplorer.platform.events.journal.JournalSlot.Position;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A local write-ahead journal of events, shipped to Kafka in the background: for request paths that must
 * answer at once yet never lose an event (affiliate-service's click redirect), where the
 * {@linkplain com.cityexplorer.platform.events.outbox.Outbox outbox}'s database write is too slow or too
 * often unavailable.
 * <p>
 * <b>Appending</b> ({@link #append}) serialises the envelope, writes one checksummed frame (see
 * {@link JournalFrames}) to the current segment file with a positional {@link FileChannel#write} under a
 * lock, and returns: microseconds, from any number of (virtual) threads. There is no fsync per append; the
 * written bytes are in the OS page cache, which outlives the process. A background thread forces the file
 * to the disk every {@link EventJournalSettings#flushInterval()}.
 * <p>
 * <b>Shipping</b>: a virtual thread, started and stopped with the application context (this is a
 * {@link SmartLifecycle}), reads the entries after the last shipped position, sends a batch with the
 * platform's producer (acks=all, idempotent), to each entry's topic with its key and the headers every
 * platform event has ({@link EventRecords}), waits for all the acknowledgements, then records the new
 * position durably (written and forced; see {@link JournalSlot}). While Kafka is unreachable entries wait
 * and the shipper retries with exponential back-off; appends are not affected. A segment is closed when it
 * exceeds {@link EventJournalSettings#maxFileBytes()} and deleted once shipped, so the disk holds what is
 * not yet shipped plus at most one segment.
 * <p>
 * <b>Slots</b>: instances of a service on one host may share the directory. Each takes the first slot
 * ({@code slot-<n>}) whose lock file it can lock ({@link FileChannel#tryLock}; the OS drops the lock of a
 * process that dies), creating a new slot when all are held, and starts a new segment in it. A restarted
 * instance thus takes over what its predecessor left and ships that first. Every 5 s the shipper also
 * adopts any other slot it can lock that still has unshipped entries (an instance that died and was not
 * restarted, or was restarted elsewhere), ships them and releases it.
 * <p>
 * <b>Guarantees</b>:
 * <ul>
 * <li>Process crash (even SIGKILL right after {@code append} returned): nothing is lost. The next instance on
 *     the directory, or any live one through adoption, ships it.</li>
 * <li>Machine crash or power loss: at most the appends of the last {@code flushInterval} are lost. A record
 *     torn by the crash is detected by its checksum and skipped; the frames around it are shipped.</li>
 * <li>A pod deleted with an ephemeral volume ({@code emptyDir}): what was not yet shipped is lost. A graceful
 *     stop ships what it can first (up to {@value #DRAIN_SECONDS} s while Kafka answers), but only a
 *     persistent volume (or a host path the next pod gets) makes a journal survive its pod.</li>
 * <li>At least once: an instance that dies between Kafka's acknowledgement and recording the position ships
 *     that batch again, so consumers must deduplicate by event id, as every platform consumer does
 *     ({@code IdempotentEventHandler}).</li>
 * <li>Order: entries with the same key are shipped in the order they were appended, from one slot. Entries of
 *     one key appended by different instances have no order between them.</li>
 * <li>An entry Kafka rejects for good (a topic that does not exist and may not be created, for example) is
 *     retried indefinitely and holds back the entries after it in its slot: nothing is silently dropped.
 *     {@code ce.journal.backlog} and {@code ce.journal.ship.failures} show it.</li>
 * </ul>
 * Metrics: {@code ce.journal.appended} and {@code ce.journal.shipped} (entries), {@code ce.journal.backlog}
 * (bytes of this instance's slot not yet shipped), {@code ce.journal.ship.failures}.
 * <p>
 * Why hand-written: no library in the platform's stack keeps a local write-ahead log shipped to Kafka. The
 * Kafka producer's own buffer lives in the process's memory and is lost with it; Spring Kafka and Spring
 * Modulith only publish from memory or from a database; Chronicle Queue and similar journals are not in the
 * stack and would still need the shipping, slot and position logic written here.
 */
public class EventJournal implements SmartLifecycle, AutoCloseable {

    /** How often the shipper looks for slots left by other instances. */
    static final Duration ADOPTION_INTERVAL = Duration.ofSeconds(5);
    static final int DRAIN_SECONDS = 5;
    private static final Duration ACKNOWLEDGEMENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper jsonMapper;
    private final EventJournalSettings settings;
    private final Duration adoptionInterval;
    private final Path root;
    private final JournalSlot slot;
    private final Counter appended;
    private final Counter shipped;
    private final Counter shipFailures;

    // The appending side, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile FileChannel channel;
    private volatile long activeSegment;
    private volatile long end;
    private volatile long appendedBytes;
    private volatile long writes;
    private volatile boolean closed;

    // The shipping side, used by the shipper thread only.
    private final Cursor own;
    private volatile long shippedBytes;
    private long nextAdoption;

    private volatile Thread shipper;
    private volatile Thread flusher;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile long drainDeadline;

    public EventJournal(KafkaTemplate<String, String> kafka, JsonMapper jsonMapper, EventJournalSettings settings,
            MeterRegistry meterRegistry) {
        this(kafka, jsonMapper, settings, meterRegistry, ADOPTION_INTERVAL);
    }

    EventJournal(KafkaTemplate<String, String> kafka, JsonMapper jsonMapper, EventJournalSettings settings,
            MeterRegistry meterRegistry, Duration adoptionInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.settings = validate(settings);
        this.adoptionInterval = adoptionInterval;
        this.root = settings.directory().toAbsolutePath().normalize();
        try {
            this.slot = JournalSlot.claim(root);
            try {
                long leftOver = slot.unshippedBytes();
                this.activeSegment = slot.nextSegment();
                this.channel = slot.createSegment(activeSegment);
                this.appendedBytes = leftOver;
                if (leftOver > 0) {
                    log.info("Event journal slot {}: {} bytes left by a previous instance will be shipped first", slot, leftOver);
                }
            }
            catch (IOException | RuntimeException ex) {
                slot.close();
                throw ex;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not open the event journal in " + root, ex);
        }
        this.own = new Cursor(slot, true);
        this.appended = Counter.builder("ce.journal.appended").description("Entries appended to the local event journal")
            .register(meterRegistry);
        this.shipped = Counter.builder("ce.journal.shipped").description("Journal entries acknowledged by Kafka")
            .register(meterRegistry);
        this.shipFailures = Counter.builder("ce.journal.ship.failures")
            .description("Failed attempts to ship journal entries (Kafka unreachable)").register(meterRegistry);
        Gauge.builder("ce.journal.backlog", this, EventJournal::backlogBytes).baseUnit("bytes")
            .description("Bytes of this instance's journal slot not yet shipped").register(meterRegistry);
    }

    private static EventJournalSettings validate(EventJournalSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.directory() == null) {
            throw new IllegalArgumentException("city-explorer.events.journal.directory is required");
        }
        if (!isPositive(settings.flushInterval()) || !isPositive(settings.shipInterval()) || !isPositive(settings.retryBackoff())
                || settings.batchSize() < 1 || settings.maxFileBytes() < 1) {
            throw new IllegalArgumentException("Event journal intervals, batch size and file size must be positive: " + settings);
        }
        return settings;
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /**
     * Appends an event to the journal; it is shipped to {@code topic} with {@code key} later. Returns once
     * the entry is written to the OS (not forced to the disk): from then on it survives the process. Safe to
     * call from any number of threads at once.
     *
     * @param topic the Kafka topic to publish it to
     * @param key the Kafka key (usually {@link EventEnvelope#aggregateId()}); entries with the same key are
     *        published in the order they were appended. May be {@code null}
     * @throws IllegalArgumentException when the serialised event is larger than 1,000,000 bytes
     * @throws IllegalStateException when the journal is closed
     * @throws UncheckedIOException when the entry could not be written (a full disk, for example): it is not
     *         in the journal then
     */
    public void append(String topic, String key, EventEnvelope event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        ByteBuffer frame = JournalFrames.encode(topic, key, event.type(), event.traceparent(), jsonMapper.writeValueAsBytes(event));
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The event journal in " + slot + " is closed");
            }
            long position = end;
            write(frame, position);
            end = position + frame.limit();
            appendedBytes += frame.limit();
            writes++;
        }
        finally {
            lock.unlock();
        }
        appended.increment();
    }

    /**
     * Writes the whole frame at {@code position}, with the lock held. An interrupt of the calling thread
     * would close the channel (FileChannel is interruptible) for everyone, so the thread's interrupt status
     * is set aside for the write, and a channel closed anyway (an interrupt arriving mid-write) is reopened
     * and the same bytes written again at the same place.
     */
    private void write(ByteBuffer frame, long position) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                frame.rewind();
                try {
                    long at = position;
                    while (frame.hasRemaining()) {
                        at += channel.write(frame, at);
                    }
                    return;
                }
                catch (ClosedChannelException ex) {
                    if (ex instanceof ClosedByInterruptException) {
                        interrupted = true;
                        Thread.interrupted();
                    }
                    if (attempt >= 3) {
                        throw new UncheckedIOException("Could not append to the event journal in " + slot, ex);
                    }
                    channel = FileChannel.open(slot.segment(activeSegment), StandardOpenOption.WRITE);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not append to the event journal in " + slot, ex);
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The slot directory this instance appends to. */
    public Path slotDirectory() {
        return slot.directory();
    }

    /** Bytes of this instance's slot not yet shipped (appended before and since it started). */
    public long backlogBytes() {
        return Math.max(0, appendedBytes - shippedBytes);
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("The event journal in " + slot + " is closed");
        }
        stopping = false;
        running = true;
        nextAdoption = System.nanoTime();
        flusher = Thread.ofVirtual().name("event-journal-flusher").start(this::flushLoop);
        shipper = Thread.ofVirtual().name("event-journal-shipper").start(this::shipLoop);
    }

    /**
     * Stops the shipper after it shipped what it can within {@value #DRAIN_SECONDS} s (nothing more once Kafka
     * fails), and the flusher after a last flush. Appends still work until {@link #close()}; what they add is
     * shipped by the next instance on this slot or by a live one's adoption.
     */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        stopping = true;
        Thread shipping = shipper;
        LockSupport.unpark(shipping);
        join(shipping, Duration.ofSeconds(DRAIN_SECONDS + 1));
        if (shipping.isAlive()) {
            shipping.interrupt(); // waiting for Kafka: its channels are its own, and reopened by the next shipper
            join(shipping, Duration.ofSeconds(5));
        }
        Thread flushing = flusher;
        LockSupport.unpark(flushing);
        join(flushing, Duration.ofSeconds(5));
        running = false;
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it, so requests still being answered can append and ship. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Stops, forces what was appended to the disk, and releases the slot. Later appends fail. */
    @Override
    public void close() {
        stop();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.force(false);
                channel.close();
            }
            catch (IOException ex) {
                log.warn("Could not close the event journal segment in {}: {}", slot, ex.toString());
            }
        }
        finally {
            lock.unlock();
        }
        own.close();
        slot.close();
    }

    private void flushLoop() {
        long flushed = writes;
        long interval = settings.flushInterval().toNanos();
        while (!stopping) {
            LockSupport.parkNanos(interval);
            flushed = flush(flushed);
        }
        flush(flushed);
    }

    /** Forces the current segment when something was appended since the last flush (outside the append lock). */
    private long flush(long flushed) {
        long current = writes;
        if (current == flushed) {
            return flushed;
        }
        try {
            channel.force(false);
            return current;
        }
        catch (ClosedChannelException ex) {
            return flushed; // the segment was rolled or reopened meanwhile: flushed by that, or next time
        }
        catch (IOException ex) {
            log.warn("Could not flush the event journal in {}: {}", slot, ex.toString());
            return flushed;
        }
    }

    private void shipLoop() {
        int failures = 0;
        while (true) {
            boolean draining = stopping;
            if (draining && System.nanoTime() - drainDeadline > 0) {
                return;
            }
            boolean progressed;
            try {
                progressed = shipOnce();
                failures = 0;
            }
            catch (Exception ex) {
                if (draining || stopping || Thread.currentThread().isInterrupted()) {
                    log.info("Event journal shipper stopped with {} bytes of {} not shipped: {}", backlogBytes(), slot, ex.toString());
                    return;
                }
                failures++;
                shipFailures.increment();
                Duration backoff = backoff(failures);
                log.warn("Could not ship event journal entries of {} (attempt {}), retrying in {}: {}", slot, failures, backoff,
                        ex.toString());
                pause(backoff);
                continue;
            }
            if (draining) {
                if (!progressed) {
                    return; // everything shipped
                }
                continue;
            }
            if (System.nanoTime() - nextAdoption >= 0) {
                adoptOrphans();
                nextAdoption = System.nanoTime() + adoptionInterval.toNanos();
            }
            if (!progressed) {
                pause(settings.shipInterval());
            }
        }
    }

    private Duration backoff(int failures) {
        Duration ceiling = settings.retryBackoff().compareTo(MAX_BACKOFF) > 0 ? settings.retryBackoff() : MAX_BACKOFF;
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
        return backoff.compareTo(ceiling) > 0 ? ceiling : backoff;
    }

    /** Waits (woken early by {@link #stop()}) without interrupts, which would close file channels. */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long remaining;
        while (!stopping && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** One batch of this instance's slot, and a roll of the segment when it is full. Returns whether it progressed. */
    private boolean shipOnce() throws Exception {
        boolean progressed = ship(own);
        if (end > settings.maxFileBytes() && !closed) {
            roll();
            progressed = true;
        }
        return progressed;
    }

    /** Appends go to a new segment from now on; the full one is shipped to its end and then deleted. */
    private void roll() throws IOException {
        long next = activeSegment + 1;
        FileChannel fresh = slot.createSegment(next); // before taking the lock: appends wait only for the swap
        FileChannel full;
        lock.lock();
        try {
            if (closed) {
                fresh.close();
                Files.deleteIfExists(slot.segment(next));
                return;
            }
            full = channel;
            channel = fresh;
            activeSegment = next;
            end = 0;
        }
        finally {
            lock.unlock();
        }
        full.force(false);
        full.close();
    }

    /** Ships the slots of other instances that died, if nobody holds them. */
    private void adoptOrphans() {
        List<Path> others;
        try {
            others = JournalSlot.slots(root);
        }
        catch (IOException ex) {
            log.warn("Could not list the event journal slots in {}: {}", root, ex.toString());
            return;
        }
        for (Path directory : others) {
            if (stopping) {
                return;
            }
            if (directory.equals(slot.directory())) {
                continue;
            }
            JournalSlot orphan;
            try {
                orphan = JournalSlot.tryLock(directory);
            }
            catch (IOException ex) {
                log.warn("Could not look at event journal slot {}: {}", directory, ex.toString());
                continue;
            }
            if (orphan == null) {
                continue; // a live instance's
            }
            try (Cursor cursor = new Cursor(orphan, false)) {
                long unshipped = orphan.unshippedBytes();
                if (unshipped > 0) {
                    log.info("Adopting event journal slot {}: {} bytes left unshipped by an instance that stopped", orphan, unshipped);
                }
                while (!stopping && ship(cursor)) {
                    // until the slot is empty
                }
            }
            catch (Exception ex) {
                log.warn("Could not ship the entries of event journal slot {}; trying again later: {}", orphan, ex.toString());
            }
            finally {
                orphan.close();
            }
        }
    }

    /**
     * Ships one batch of a slot from its shipped position and records the new position. Returns whether it
     * progressed (entries shipped, damaged bytes skipped, or a finished segment left behind).
     */
    private boolean ship(Cursor cursor) throws Exception {
        JournalSlot target = cursor.slot;
        Position position = target.position();
        long segment;
        long offset;
        long limit;
        boolean finished; // no more appends to this segment
        Long following = null;
        if (cursor.own && position.segment() == activeSegment) {
            segment = activeSegment;
            offset = position.offset();
            limit = end;
            finished = false;
            if (offset >= limit) {
                return false;
            }
        }
        else {
            List<Long> segments = target.segments();
            Long current = null;
            for (long candidate : segments) {
                if (candidate < position.segment()) {
                    cursor.delete(candidate); // shipped; its deletion was interrupted
                }
                else if (current == null) {
                    current = candidate;
                }
                else if (following == null) {
                    following = candidate;
                }
            }
            if (current == null) {
                return false;
            }
            segment = current;
            offset = current == position.segment() ? position.offset() : 0;
            finished = !(cursor.own && segment == activeSegment);
            limit = finished ? target.size(segment) : end;
            if (offset >= limit && !(finished && following != null)) {
                if (finished) {
                    cursor.delete(segment); // an orphan's last segment, shipped: its position stays recorded
                }
                return false;
            }
        }
        Batch batch = cursor.reader(segment).read(offset, limit, settings.batchSize());
        if (batch.skippedBytes() > 0) {
            log.warn("Skipped {} damaged bytes in event journal segment {} (a record torn by a crash)", batch.skippedBytes(),
                    target.segment(segment));
        }
        send(batch.entries());
        boolean leftBehind = finished && batch.end() >= limit && following != null;
        target.record(leftBehind ? new Position(following, 0) : new Position(segment, batch.end()));
        if (leftBehind) {
            cursor.delete(segment);
        }
        if (cursor.own) {
            shippedBytes += batch.end() - offset;
        }
        shipped.increment(batch.entries().size());
        return true;
    }

    /** Sends the entries in order and waits for every acknowledgement; throws if any is missing. */
    private void send(List<Entry> entries) throws Exception {
        if (entries.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> acknowledgements = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            acknowledgements.add(kafka.send(EventRecords.record(entry.topic(), entry.key(), entry.envelopeJson(), entry.type(),
                    entry.traceparent())));
        }
        CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
            .get(ACKNOWLEDGEMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where the shipper reads a slot: one read channel, for the segment being read. */
    private static final class Cursor implements AutoCloseable {

        final JournalSlot slot;
        final boolean own;
        private long segment = -1;
        private FileChannel channel;
        private JournalFrames.Reader reader;

        Cursor(JournalSlot slot, boolean own) {
            this.slot = slot;
            this.own = own;
        }

        JournalFrames.Reader reader(long wanted) throws IOException {
            if (wanted != segment || channel == null || !channel.isOpen()) {
                close();
                channel = FileChannel.open(slot.segment(wanted), StandardOpenOption.READ);
                reader = new JournalFrames.Reader(channel);
                segment = wanted;
            }
            return reader;
        }

        void delete(long sequence) throws IOException {
            if (sequence == segment) {
                close();
            }
            Files.deleteIfExists(slot.segment(sequence));
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                }
                catch (IOException ex) {
                    // read-only
                }
                channel = null;
                segment = -1;
            }
        }
    }
}
