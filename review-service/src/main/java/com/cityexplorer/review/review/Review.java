package com.cityexplorer.review.review;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user's review of a place. {@code authorPlace} ({@code userId|placeId}) is unique, so the database
 * itself refuses a second review of a place by the same user however many requests race; it is
 * removed when the review is deleted (the user may review the place again) or its author deleted.
 * {@code revision} grows with every change, so the rating summary applies each change once and in order.
 */
@Document("reviews")
@CompoundIndex(name = "place_recent", def = "{'placeId': 1, 'createdAt': -1, '_id': 1}")
@CompoundIndex(name = "place_rating", def = "{'placeId': 1, 'rating': -1, 'createdAt': -1}")
@CompoundIndex(name = "author", def = "{'userId': 1}")
record Review(
        @Id String id,
        String placeId,
        String userId,
        String authorName,
        @Indexed(unique = true, sparse = true) String authorPlace,
        int rating,
        String text,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    static String authorPlace(String userId, String placeId) {
        return userId + "|" + placeId;
    }

    ReviewView view() {
        return new ReviewView(id, placeId, userId, authorName, rating, text, createdAt, updatedAt);
    }
}
