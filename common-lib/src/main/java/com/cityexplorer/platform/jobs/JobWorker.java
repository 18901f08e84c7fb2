package com.cityexplorer.platform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.cityexplorer.platform.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.listener.MessageListener;

/**
 * Runs the jobs whose queue records reach this instance. The record's offset is committed only after
 * the job has finished, so when a worker's instance dies mid-run, Kafka hands the record to another
 * worker, which takes the job over; a run that Kafka has given away can no longer record its outcome.
 * A failing job is retried with exponential back-off, then recorded as failed with the reason.
 */
class JobWorker implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final MongoTemplate mongo;
    private final JsonMapper jsonMapper;
    private final Map<String, JobHandler> handlers;
    private final JobSettings settings;
    private final MeterRegistry meterRegistry;

    JobWorker(MongoTemplate mongo, JsonMapper jsonMapper, List<JobHandler> handlers, JobSettings settings,
            MeterRegistry meterRegistry) {
        this.mongo = mongo;
        this.jsonMapper = EventEnvelope.tolerantReader(jsonMapper);
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
        this.settings = settings;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        String jobId = jsonMapper.readValue(record.value(), EventEnvelope.class).aggregateId();
        String run = UUID.randomUUID().toString();
        // From QUEUED, or from RUNNING: this record reached us only because its previous consumer is gone.
        Job job = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(jobId).and("status").in(JobStatus.QUEUED, JobStatus.RUNNING)),
                new Update().set("status", JobStatus.RUNNING).set("worker", run).set("startedAt", Instant.now()),
                org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true), Job.class);
        if (job == null) {
            return; // unknown, or already finished: a redelivery
        }
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            finish(job.id(), run, JobStatus.FAILED, null, "No handler for job type " + job.type());
            return;
        }
        Timer.Sample sample = Timer.start(meterRegistry);
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(job.id())), new Update().inc("attempts", 1), Job.class);
            try {
                Object result = handler.run(jsonMapper.readTree(job.payload()));
                boolean recorded = finish(job.id(), run, JobStatus.DONE, jsonMapper.writeValueAsString(result), null);
                sample.stop(meterRegistry.timer("ce.jobs.run", "type", job.type(), "outcome", recorded ? "done" : "superseded"));
                return;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (Exception ex) {
                log.warn("Job {} ({}) attempt {} of {} failed: {}", job.id(), job.type(), attempt, settings.attempts(),
                        ex.toString());
                if (attempt == settings.attempts()) {
                    finish(job.id(), run, JobStatus.FAILED, null, ex.getMessage() != null ? ex.getMessage() : ex.toString());
                    sample.stop(meterRegistry.timer("ce.jobs.run", "type", job.type(), "outcome", "failed"));
                    return;
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** Records the outcome only if this run still owns the job. */
    private boolean finish(String jobId, String run, JobStatus status, String result, String reason) {
        Update update = new Update().set("status", status).set("finishedAt", Instant.now());
        if (result != null) {
            update.set("result", result);
        }
        if (reason != null) {
            update.set("reason", reason);
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(jobId).and("worker").is(run)
            .and("status").is(JobStatus.RUNNING)), update, Job.class).getModifiedCount() == 1;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
