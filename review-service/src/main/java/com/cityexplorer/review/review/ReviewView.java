package com.cityexplorer.review.review;

import java.time.Instant;

/** A review as the API shows it; {@code userId} is null once its author deleted their account. */
record ReviewView(String id, String placeId, String userId, String authorName, int rating, String text, Instant createdAt,
        Instant updatedAt) {
}
