package com.cityexplorer.review.user;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.ReadModel;

/**
 * Users' display names, kept from user-service's events (collection {@code known_authors}), to sign
 * reviews without calling user-service. A deleted user's reviews are anonymised: the ratings stay,
 * the author does not.
 */
@Component
public class KnownAuthors {

    /** How a review is signed when its author's name is not known (yet, or any more). */
    public static final String UNNAMED = "A traveller";

    private final ReadModel authors;
    private final IdempotentEventHandler events;
    private final AuthorRemoval removal;

    KnownAuthors(MongoTemplate mongo, IdempotentEventHandler events, AuthorRemoval removal) {
        this.authors = new ReadModel(mongo, "known_authors");
        this.events = events;
        this.removal = removal;
    }

    public String displayName(String userId) {
        return authors.find(userId).map(author -> author.getString("displayName")).orElse(UNNAMED);
    }

    @KafkaListener(topics = "ce.user.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        events.handle("known-authors", record, this::apply);
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case "UserRegistered", "UserUpdated" ->
                authors.apply(event, new Document("displayName", event.data().path("displayName").asString(UNNAMED)));
            case "UserDeleted" -> {
                authors.apply(event, null);
                removal.anonymiseReviewsBy(event.aggregateId()); // again on a replay: finds nothing left
            }
            default -> {
                // other user events are not needed here
            }
        }
    }

    /** What happens to a deleted user's reviews (implemented by the review feature). */
    public interface AuthorRemoval {
        void anonymiseReviewsBy(String userId);
    }
}
