package com.cityexplorer.review.rating;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.InvalidEventException;
import com.cityexplorer.platform.events.outbox.Outbox;

/**
 * Keeps each place's {@link RatingSummary} from review-service's own review events, and publishes the
 * place's new summary ({@link PlaceRatingChanged}) in the same write.
 * <p>
 * A review's events carry its revision; the summary applies a revision only over an older one of the
 * same review, so a replayed or late event changes nothing. Reviews of one place are on different
 * partitions (review events are keyed by review), so two consumers may change one summary at once:
 * each write is conditional on the summary's version as read, and the loser reads again and retries.
 */
@Component
class RatingSummaries {

    private static final int ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final IdempotentEventHandler events;

    private final io.micrometer.core.instrument.Timer delay;

    RatingSummaries(MongoTemplate mongo, Outbox outbox, IdempotentEventHandler events, io.micrometer.core.instrument.MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.events = events;
        this.delay = io.micrometer.core.instrument.Timer.builder("ce.review.rating.summary.delay")
            .description("From a review's change to its place's new rating summary being saved")
            .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    // Three consumers per instance (of the topic's six partitions): the summary is on the path of every review.
    @KafkaListener(topics = "ce.review.events", groupId = "${spring.application.name}-ratings", concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        events.applyVersioned("rating-summaries", record, java.util.Set.of("ReviewPosted", "ReviewEdited", "ReviewDeleted"), this::apply);
    }

    private void apply(EventEnvelope event) {
        String reviewId = event.aggregateId();
        var data = event.data();
        RatingSummary.Entry change = switch (event.type()) {
            case "ReviewPosted", "ReviewEdited" -> new RatingSummary.Entry(data.path("rating").asInt(), data.path("revision").asLong(), false);
            case "ReviewDeleted" -> new RatingSummary.Entry(0, data.path("revision").asLong(), true);
            default -> null; // the summaries themselves, and anything else
        };
        if (change == null) {
            return;
        }
        String placeId = data.path("placeId").asString(null);
        if (placeId == null || change.revision() <= 0 || (!change.deleted() && (change.rating() < 1 || change.rating() > 5))) {
            throw new InvalidEventException(event.type() + " needs placeId, a revision and a rating of 1-5: " + data);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (applyOnce(placeId, reviewId, change, event.timestamp())) {
                delay.record(java.time.Duration.between(event.timestamp(), java.time.Instant.now()));
                return;
            }
        }
        throw new IllegalStateException("The rating summary of " + placeId + " kept changing; the event will be redelivered");
    }

    /** One read-and-conditional-write; false when someone else changed the summary in between. */
    private boolean applyOnce(String placeId, String reviewId, RatingSummary.Entry change, java.time.Instant changedAt) {
        RatingSummary summary = mongo.findById(placeId, RatingSummary.class);
        if (summary == null) {
            try {
                mongo.insert(new RatingSummary(placeId, null, 0, 0, 0, RatingSummary.versionKey(placeId, 0)));
            }
            catch (DuplicateKeyException ex) {
                // created by another consumer meanwhile
            }
            return false;
        }
        RatingSummary.Entry current = summary.reviews().get(reviewId);
        if (current != null && current.revision() >= change.revision()) {
            return true; // already applied, or overtaken by a newer revision
        }
        long count = summary.count();
        long sum = summary.sum();
        if (current != null && !current.deleted()) {
            count--;
            sum -= current.rating();
        }
        if (!change.deleted()) {
            count++;
            sum += change.rating();
        }
        long version = summary.version() + 1;
        RatingSummary next = new RatingSummary(placeId, null, count, sum, version, RatingSummary.versionKey(placeId, version));
        // Summaries written before version keys existed are matched by id and version (once: the update adds the key).
        Query unchanged = summary.versionKey() != null ? Query.query(Criteria.where("versionKey").is(summary.versionKey()))
                : Query.query(Criteria.where("_id").is(placeId)).addCriteria(Criteria.where("version").is(summary.version()));
        return outbox.updateWhere(unchanged,
                new Update().set("reviews." + reviewId, change).set("count", count).set("sum", sum).set("version", version)
                    .set("versionKey", next.versionKey()),
                RatingSummary.class, new PlaceRatingChanged(placeId, next.average(), count, version, changedAt));
    }
}
