package com.cityexplorer.affiliate.user;

import java.util.Set;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The users affiliate-service knows of, kept from user-service's events (collection {@code known_users}),
 * so an administrator can make a user a partner without a call to user-service.
 */
@Component
public class KnownUsers {

    private final ReadModel users;
    private final IdempotentEventHandler events;

    KnownUsers(MongoTemplate mongo, IdempotentEventHandler events) {
        this.users = new ReadModel(mongo, "known_users");
        this.events = events;
    }

    public boolean exists(String userId) {
        return users.exists(userId);
    }

    @KafkaListener(topics = "ce.user.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-users", record, Set.of("UserRegistered", "UserDeleted"), this::apply);
    }

    private void apply(EventEnvelope event) {
        users.apply(event, event.type().equals("UserDeleted") ? null : new Document());
    }
}
