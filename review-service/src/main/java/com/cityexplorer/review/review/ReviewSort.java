package com.cityexplorer.review.review;

import java.util.Locale;

/** Orders of a place's reviews: newest first, or best first (newest first among equals). */
enum ReviewSort {
    RECENT, RATING;

    static ReviewSort parse(String value) {
        if (value == null || value.isBlank()) {
            return RECENT;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "recent" -> RECENT;
            case "rating" -> RATING;
            default -> null;
        };
    }
}
