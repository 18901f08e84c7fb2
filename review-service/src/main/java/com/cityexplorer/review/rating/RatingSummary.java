package com.cityexplorer.review.rating;

import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A place's reviews as its rating needs them: each review's rating and revision ({@code reviews},
 * keyed by review id; a deleted review stays as a tombstone so a late event cannot revive it), their
 * count and sum, and a version that grows with every change. {@code versionKey} ({@code placeId@version})
 * is uniquely indexed, so "update if still at the version read" is a lookup of one indexed field, which
 * the embedded server answers from the index (a query on {@code _id} and {@code version} scans the
 * collection there).
 */
@Document("rating_summaries")
record RatingSummary(@Id String placeId, Map<String, Entry> reviews, long count, long sum, long version,
        @org.springframework.data.mongodb.core.index.Indexed(unique = true, sparse = true) String versionKey) {

    static String versionKey(String placeId, long version) {
        return placeId + "@" + version;
    }

    RatingSummary {
        reviews = reviews == null ? Map.of() : reviews;
    }

    record Entry(int rating, long revision, boolean deleted) {
    }

    double average() {
        return count == 0 ? 0 : Math.round(sum * 100.0 / count) / 100.0;
    }
}
