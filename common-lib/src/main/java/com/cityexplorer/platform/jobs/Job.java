package com.cityexplorer.platform.jobs;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A background job and its state, in the submitting service's database.
 *
 * @param payload the job's input, as JSON
 * @param result the job's output, as JSON, once done
 * @param reason why it failed, once failed
 * @param worker the worker that last started it (a job taken over from a dead worker names the new one)
 */
@Document("jobs")
public record Job(@Id String id, String type, JobPriority priority, String ownerId, JobStatus status, String payload,
        String result, String reason, int attempts, String worker, Instant createdAt, Instant startedAt,
        Instant finishedAt) {
}
