package com.cityexplorer.platform.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.cityexplorer.test.PlatformInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job whose worker's process is killed (SIGKILL) in the middle of the job is picked up by another
 * instance and finishes: two JVMs of a service with job workers, the first one killed while it runs
 * the job, against the real Kafka broker and MongoDB-wire server.
 */
class JobWorkerCrashTest {

    static final String SERVICE = "job-crash-" + UUID.randomUUID().toString().substring(0, 6) + "-service";

    @TempDir
    Path logs;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aJobWhoseWorkerProcessIsKilledMidRunIsTakenOverAndFinishes() throws Exception {
        Process first = startWorker("first", Duration.ofMinutes(5), true);
        String jobId = await().atMost(Duration.ofSeconds(90)).until(() -> submittedJob(logs.resolve("first.log")), id -> id != null);

        try (MongoClient mongo = MongoClients.create(PlatformInfrastructure.shared().mongoUri())) {
            var jobs = mongo.getDatabase(SERVICE).getCollection("jobs");
            Document running = await().atMost(Duration.ofSeconds(60)).until(
                    () -> jobs.find(new Document("_id", jobId)).first(), job -> job != null && "RUNNING".equals(job.getString("status")));
            String firstRun = running.getString("worker");

            Process second = startWorker("second", Duration.ZERO, false);
            await().atMost(Duration.ofSeconds(90)).until(() -> log("second").contains("WORKER READY"));
            first.destroyForcibly().waitFor();

            Document done = await().atMost(Duration.ofSeconds(90)).until(
                    () -> jobs.find(new Document("_id", jobId)).first(), job -> "DONE".equals(job.getString("status")));
            assertThat(done.getString("worker")).isNotEqualTo(firstRun);
            assertThat(done.getString("result")).contains("\"pid\":" + second.pid());
            assertThat(done.getInteger("attempts")).isEqualTo(2);
        }
    }

    private Process startWorker(String name, Duration jobTime, boolean submit) throws IOException {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dtest.jobs.takeover-millis=" + jobTime.toMillis(), "-Dtest.submit=" + submit,
                "-cp", System.getProperty("java.class.path"), JobWorkerProcess.class.getName(),
                "--spring.application.name=" + SERVICE,
                "--spring.mongodb.uri=" + infrastructure.mongoUri(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.data.redis.host=" + infrastructure.redisHost(),
                "--spring.data.redis.port=" + infrastructure.redisPort(),
                "--test.recording-listener=false",
                // A killed worker's partitions move on after its session times out: 6 s instead of 45 s.
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--city-explorer.events.partitions=1",
                "--city-explorer.jobs.normal-workers=1",
                "--city-explorer.jobs.critical-workers=1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private String log(String name) throws IOException {
        Path file = logs.resolve(name + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String submittedJob(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        return Files.readAllLines(log).stream().filter(line -> line.contains("SUBMITTED "))
            .map(line -> line.substring(line.indexOf("SUBMITTED ") + "SUBMITTED ".length()).strip()).findFirst().orElse(null);
    }
}
