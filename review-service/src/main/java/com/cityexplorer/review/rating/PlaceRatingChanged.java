package com.cityexplorer.review.rating;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/**
 * A place's rating summary after a change: absolute values and a version that grows with every change
 * (keyed by place), so place-service applies only newer summaries, whatever order they arrive in.
 * {@code reviewChangedAt} is when the review change that caused it happened, for measuring the delay
 * until the place shows it.
 */
@EventType(value = "PlaceRatingChanged", version = 1)
record PlaceRatingChanged(String placeId, double average, long count, long version, java.time.Instant reviewChangedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return placeId;
    }
}
