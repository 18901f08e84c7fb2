package com.cityexplorer.platform.jobs;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** Puts a job on its priority's queue topic (through the outbox, atomically with the job's record). */
@EventType("JobQueued")
record JobQueued(String aggregateId, String type) implements DomainEvent {
}
