package com.cityexplorer.platform.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.cityexplorer.platform.events.outbox.Outbox;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The platform's job processor, as services use it: {@link #submit} records a job and queues it on
 * Kafka in one atomic outbox write; {@link #find} reads its status. Workers on any instance run it
 * ({@link JobWorker}).
 */
public class JobQueue {

    private final Outbox outbox;
    private final MongoTemplate mongo;
    private final JsonMapper jsonMapper;
    private final String service;

    JobQueue(Outbox outbox, MongoTemplate mongo, JsonMapper jsonMapper, String service) {
        this.outbox = outbox;
        this.mongo = mongo;
        this.jsonMapper = jsonMapper;
        this.service = service;
    }

    public Job submit(String type, Object payload, JobPriority priority, String ownerId) {
        Job job = new Job(UUID.randomUUID().toString(), type, priority, ownerId, JobStatus.QUEUED,
                jsonMapper.writeValueAsString(payload), null, null, 0, null, Instant.now(), null, null);
        return outbox.saveTo(topic(service, priority), job, new JobQueued(job.id(), type));
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Job.class));
    }

    static String topic(String service, JobPriority priority) {
        String name = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
        return "ce." + name + ".jobs." + priority.name().toLowerCase(java.util.Locale.ROOT);
    }
}
