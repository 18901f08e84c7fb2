package com.cityexplorer.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log's appender, configured as the gateway configures it (its own logback-spring.xml) or directly:
 * every line is written, whole, in far fewer writes than lines; what is queued is written on stop; a full queue
 * drops lines and says how many.
 */
class BatchingConsoleAppenderTest {

    private final CountingOutput console = new CountingOutput();
    private LoggerContext context;

    @BeforeEach
    void newLoggerContext() {
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stopLoggerContext() {
        context.stop();
    }

    @Test
    void theGatewaysConfigurationWritesEveryLineFromManyThreadsInBatches() throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
        Logger access = context.getLogger(AccessLog.LOGGER);
        assertThat(access.getAppender("ACCESS_LOG")).isInstanceOf(BatchingConsoleAppender.class);
        assertThat(access.getAppender("ACCESS_LOG").isStarted()).isTrue();
        ((BatchingConsoleAppender) access.getAppender("ACCESS_LOG")).setConsole(() -> console);

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 250; i++) {
                    access.info("GET /api/v1/places/p-{}-{} 200 1ms 42B", thread, i);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> console.text().lines().count() >= 1000);
        List<String> lines = console.text().lines().toList();
        assertThat(lines).hasSize(1000).allSatisfy(line -> assertThat(line)
                .matches("\\d{4}-\\d\\d-\\d\\dT.* INFO .*city-explorer\\.access\\s+: GET /api/v1/places/p-\\d-\\d+ 200 1ms 42B"));
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 250; i++) {
                assertThat(console.text()).contains("/api/v1/places/p-" + t + "-" + i + " 200");
            }
        }
        // Each line queued, not written on its own: a handful of writes every 100 ms, not one per line.
        assertThat(console.writes.get()).isLessThan(100);
    }

    @Test
    void whatIsQueuedIsWrittenWhenLoggingStops() {
        BatchingConsoleAppender appender = appender(100, Duration.ofHours(1));
        Logger access = logger(appender);
        access.info("first");
        access.info("second");
        assertThat(console.text()).isEmpty();

        appender.stop();

        assertThat(console.text().lines()).containsExactly("first", "second");
        access.info("after stop");
        assertThat(console.text()).doesNotContain("after stop");
    }

    @Test
    void aFullQueueDropsLinesAndCountsThem() {
        BatchingConsoleAppender appender = appender(3, Duration.ofHours(1));
        Logger access = logger(appender);
        for (int i = 1; i <= 5; i++) {
            access.info("line {}", i);
        }

        appender.stop();

        List<String> lines = console.text().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\S+Z  WARN ACCESS_LOG : 2 access-log lines dropped: more than 3 were waiting for the console");
        assertThat(lines.subList(1, 4)).containsExactly("line 1", "line 2", "line 3");
    }

    @Test
    void doesNotStartWithoutAnEncoder() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
    }

    private BatchingConsoleAppender appender(int queueSize, Duration flushInterval) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%m%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("ACCESS_LOG");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setFlushInterval(ch.qos.logback.core.util.Duration.buildByMilliseconds(flushInterval.toMillis()));
        appender.setConsole(() -> console);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        return appender;
    }

    private Logger logger(BatchingConsoleAppender appender) {
        Logger logger = context.getLogger("test.access");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    /** Standard output as the test sees it: the bytes written, and how many writes they took. */
    private static final class CountingOutput extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
