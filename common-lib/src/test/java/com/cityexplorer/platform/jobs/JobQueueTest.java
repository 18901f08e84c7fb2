package com.cityexplorer.platform.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.cityexplorer.platform.PlatformTestApplication.TestJobs;
import com.cityexplorer.platform.events.outbox.OutboxRelay;
import com.cityexplorer.platform.events.outbox.OutboxRelaySettings;
import com.cityexplorer.test.PlatformIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job processor against a real Kafka broker and MongoDB-wire database. */
@PlatformIntegrationTest
@TestPropertySource(locations = "classpath:events-test.properties")
class JobQueueTest {

    @Autowired
    JobQueue jobs;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    OutboxRelay relay;

    @BeforeEach
    void startRelay() {
        relay = new OutboxRelay(mongo, kafka, json, "ce.test.events", new OutboxRelaySettings(true, Duration.ofMillis(50),
                500, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(200)), new SimpleMeterRegistry());
        relay.start();
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
    }

    @Test
    void aSubmittedJobRunsAndItsResultCanBeRead() {
        Job job = jobs.submit("echo", Map.of("city", "Lisbon"), JobPriority.NORMAL, "user-1");
        assertThat(jobs.find(job.id())).hasValueSatisfying(queued -> assertThat(queued.status()).isEqualTo(JobStatus.QUEUED));

        Job done = awaitFinished(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(json.readTree(done.result()).get("city").asString()).isEqualTo("Lisbon");
        assertThat(done.ownerId()).isEqualTo("user-1");
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    void aFailingJobIsRetriedWithBackoffThenSucceedsOrFailsWithItsReason() {
        Job recovers = jobs.submit("flaky", Map.of("key", "recovers", "failures", 2), JobPriority.NORMAL, "user-1");
        Job fails = jobs.submit("flaky", Map.of("key", "fails", "failures", 5), JobPriority.NORMAL, "user-1");

        Job recovered = awaitFinished(recovers.id());
        assertThat(recovered.status()).isEqualTo(JobStatus.DONE);
        assertThat(recovered.attempts()).isEqualTo(3);

        Job failed = awaitFinished(fails.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo("flaky failure 3");
    }

    @Test
    void aCriticalJobDoesNotWaitBehindABacklogOfNormalOnes() {
        List<Job> backlog = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            backlog.add(jobs.submit("slow", Map.of("millis", 1000), JobPriority.NORMAL, "user-2"));
        }
        Job critical = jobs.submit("echo", Map.of("urgent", true), JobPriority.CRITICAL, "user-2");

        assertThat(awaitFinished(critical.id()).status()).isEqualTo(JobStatus.DONE);
        long normalStillWaiting = backlog.stream()
            .filter(job -> jobs.find(job.id()).orElseThrow().status() != JobStatus.DONE).count();
        assertThat(normalStillWaiting).as("normal jobs not yet done when the critical one finished").isGreaterThan(2);
        backlog.forEach(job -> awaitFinished(job.id()));
    }

    @Test
    void reportsTheJobQueuesConsumerLagUntilTheBacklogIsWorkedOff() {
        List<Job> backlog = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            backlog.add(jobs.submit("slow", Map.of("millis", 700), JobPriority.NORMAL, "user-4"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> lag("ce.test.jobs.normal") > 0);
        backlog.forEach(job -> awaitFinished(job.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> lag("ce.test.jobs.normal") == 0);
    }

    private double lag(String topic) {
        var gauge = meters.find("ce.kafka.consumer.lag").tag("group", "test-service-jobs").tag("topic", topic).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    @Test
    void aJobWhoseWorkerStopsRespondingIsTakenOverAndFinishes() {
        Job job = jobs.submit("hanging", Map.of(), JobPriority.NORMAL, "user-3");
        await().atMost(Duration.ofSeconds(20))
            .until(() -> jobs.find(job.id()).orElseThrow().status() == JobStatus.RUNNING);
        String firstWorker = jobs.find(job.id()).orElseThrow().worker();

        // The first worker hangs past the longest run time: Kafka gives its record to another worker.
        Job done = awaitFinished(job.id());
        TestJobs.RELEASE_FIRST_RUN.countDown();

        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(done.worker()).isNotEqualTo(firstWorker);
        assertThat(json.readTree(done.result()).get("run").asString()).isEqualTo("takeover");
        assertThat(done.attempts()).isEqualTo(2);
        // The first run, released late, cannot overwrite the outcome of the run that took over.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(
                () -> "takeover".equals(json.readTree(jobs.find(job.id()).orElseThrow().result()).get("run").asString()));
    }

    private Job awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(40)).until(() -> jobs.find(id).orElseThrow(),
                job -> job.status() == JobStatus.DONE || job.status() == JobStatus.FAILED);
    }
}
