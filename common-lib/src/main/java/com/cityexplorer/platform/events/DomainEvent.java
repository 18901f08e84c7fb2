package com.cityexplorer.platform.events;

/**
 * An event a service publishes: a record annotated with {@link EventType}, about one aggregate, whose id
 * becomes the Kafka key so the aggregate's events stay in order.
 */
public interface DomainEvent {

    String aggregateId();
}
