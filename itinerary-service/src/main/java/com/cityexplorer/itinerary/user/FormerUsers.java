package com.cityexplorer.itinerary.user;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.InvalidEventException;

/**
 * Accounts that were deleted, from user-service's {@code UserDeleted} events (collection
 * {@code former_users}: the user id alone, which is a random id, no personal data). The record is written
 * before the {@link UserDeletedReaction}s run (itineraries are deleted), so a write that was already under
 * way when they ran finds it afterwards and removes what it saved ({@code Itineraries#store}).
 */
@Component
public class FormerUsers {

    static final String COLLECTION = "former_users";

    private final MongoTemplate mongo;
    private final IdempotentEventHandler events;
    private final ObjectProvider<UserDeletedReaction> reactions;

    FormerUsers(MongoTemplate mongo, IdempotentEventHandler events, ObjectProvider<UserDeletedReaction> reactions) {
        this.mongo = mongo;
        this.events = events;
        this.reactions = reactions;
    }

    /** Whether this user's account was deleted (read by {@code _id}). */
    public boolean isFormer(String userId) {
        return mongo.getCollection(COLLECTION).find(new Document("_id", userId)).first() != null;
    }

    @KafkaListener(topics = "ce.user.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("former-users", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        if (!"UserDeleted".equals(event.type())) {
            return; // user-service's other events are not needed here
        }
        String userId = event.data().path("userId").asString(null);
        if (userId == null || userId.isBlank() || !userId.equals(event.aggregateId())) {
            throw new InvalidEventException("UserDeleted needs the userId it is about: " + event.data());
        }
        // An upsert of a constant: a redelivered event changes nothing, and still runs the reactions, in case
        // the instance died between this write and their end.
        mongo.getCollection(COLLECTION).replaceOne(new Document("_id", userId),
                new Document("_id", userId).append("deletedAt", java.util.Date.from(event.timestamp())),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        reactions.orderedStream().forEach(reaction -> reaction.userDeleted(userId));
    }
}
