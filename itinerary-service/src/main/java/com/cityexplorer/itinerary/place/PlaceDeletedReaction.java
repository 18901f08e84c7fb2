package com.cityexplorer.itinerary.place;

/**
 * Something that must follow when a place is deleted, run by {@link KnownPlaces} after it recorded the
 * tombstone. It may run more than once for one place (events are delivered at least once), so it must be
 * idempotent; throwing makes the event be retried, then dead-lettered.
 */
public interface PlaceDeletedReaction {

    void placeDeleted(String placeId);
}
