package com.cityexplorer.review.review;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/**
 * What happens to reviews, keyed by review id. Each carries the review's place, rating and revision:
 * what the rating summary needs, and nothing about the author.
 */
public final class ReviewEvents {

    private ReviewEvents() {
    }

    @EventType(value = "ReviewPosted", version = 1)
    public record ReviewPosted(String reviewId, String placeId, int rating, long revision) implements DomainEvent {

        @Override
        public String aggregateId() {
            return reviewId;
        }
    }

    @EventType(value = "ReviewEdited", version = 1)
    public record ReviewEdited(String reviewId, String placeId, int rating, long revision) implements DomainEvent {

        @Override
        public String aggregateId() {
            return reviewId;
        }
    }

    @EventType(value = "ReviewDeleted", version = 1)
    public record ReviewDeleted(String reviewId, String placeId, long revision) implements DomainEvent {

        @Override
        public String aggregateId() {
            return reviewId;
        }
    }
}
