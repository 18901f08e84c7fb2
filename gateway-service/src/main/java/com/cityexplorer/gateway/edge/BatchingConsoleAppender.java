package com.cityexplorer.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.util.Duration;

/**
 * A console appender for the access log that writes in batches, as nginx ({@code access_log … buffer= flush=}) and
 * Envoy do: a request's line is queued without waking any thread, and a writer thread writes what has been queued
 * every {@code flushInterval} (100 ms) in as few writes to standard output as the lines fit in.
 * <p>
 * Written by hand because logback has no such appender: its {@code AsyncAppender} wakes its worker for every line
 * (a futex call from the event loop) and its {@code ConsoleAppender} writes and flushes each line on its own (a
 * write call per line), so a proxied read cost the gateway two extra system calls and a thread switch (measured:
 * docs/performance.md, "The access log written in batches").
 * <p>
 * Like {@code AsyncAppender} (configured with {@code neverBlock}), a request never waits for the console: if more
 * than {@code queueSize} lines are waiting, new ones are dropped and counted, and the count is written with the next
 * batch. Whatever is queued is written when logging stops (the application's shutdown).
 */
public class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(CHUNK_BYTES);
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 16384;
    private Duration flushInterval = Duration.buildByMilliseconds(100);
    private ScheduledExecutorService writer;
    /** Where batches go: standard output as it is at each write (Spring Boot may replace it); tests give their own. */
    private Supplier<OutputStream> console = () -> System.out;

    void setConsole(Supplier<OutputStream> console) {
        this.console = console;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    @Override
    public void start() {
        if (encoder == null || queueSize < 1 || flushInterval == null || flushInterval.getMilliseconds() < 1) {
            addError("Appender " + name + " needs an encoder, a queueSize of at least 1 and a flushInterval of at least 1 ms");
            return;
        }
        writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "access-log-writer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = flushInterval.getMilliseconds();
        writer.scheduleWithFixedDelay(this::writeQueued, interval, interval, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // What the line needs from the calling thread (its name, the MDC) is captured now, as AsyncAppender does.
        event.prepareForDeferredProcessing();
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(event);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.shutdown();
        try {
            writer.awaitTermination(flushInterval.getMilliseconds() + 1000, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        writeQueued();
    }

    /** Writes the queued lines; only ever runs on one thread at a time (the writer, or stop() once it is done). */
    private synchronized void writeQueued() {
        try {
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                // Its own line, with a time and a level for log collectors, in place of the lines it stands for.
                batch.writeBytes(("%s  WARN %s : %d access-log lines dropped: more than %d were waiting for the console%n")
                        .formatted(Instant.now(), name, lost, queueSize).getBytes(StandardCharsets.UTF_8));
            }
            for (ILoggingEvent event; (event = queue.poll()) != null; ) {
                queued.decrementAndGet();
                batch.writeBytes(encoder.encode(event));
                if (batch.size() >= CHUNK_BYTES) {
                    writeBatch();
                }
            }
            writeBatch();
        }
        catch (RuntimeException ex) {
            addError("Could not write the access log", ex);
        }
    }

    private void writeBatch() {
        if (batch.size() > 0) {
            // One write for the whole batch.
            OutputStream out = console.get();
            try {
                batch.writeTo(out);
                out.flush();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            finally {
                batch.reset();
            }
        }
    }
}
