package com.cityexplorer.itinerary.user;

/**
 * Something that must follow when an account is deleted, run by {@link FormerUsers} after it recorded the
 * user as gone. It may run more than once for one user (events are delivered at least once), so it must be
 * idempotent; throwing makes the event be retried, then dead-lettered.
 */
public interface UserDeletedReaction {

    void userDeleted(String userId);
}
