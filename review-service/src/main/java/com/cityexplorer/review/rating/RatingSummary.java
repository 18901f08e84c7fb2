package com.cityexplorer.review.rating;

import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A place's reviews as its rating needs them: each review's rating and revision ({@code reviews},
 * keyed by review id; a deleted review stays as a tombstone so a late event cannot revive it), their
 * count and sum, and a version that grows with every change.
 */
@Document("rating_summaries")
record RatingSummary(@Id String placeId, Map<String, Entry> reviews, long count, long sum, long version) {

    RatingSummary {
        reviews = reviews == null ? Map.of() : reviews;
    }

    record Entry(int rating, long revision, boolean deleted) {
    }

    double average() {
        return count == 0 ? 0 : Math.round(sum * 100.0 / count) / 100.0;
    }
}
