package com.cityexplorer.user.session;

import java.time.Instant;

/** One of the caller's sessions in their list; {@code current} marks the one making the request. */
record SessionView(String id, Instant createdAt, Instant expiresAt, String userAgent, boolean current) {

    static SessionView of(Session session, String currentId) {
        return new SessionView(session.id(), session.createdAt(), session.expiresAt(), session.userAgent(),
                session.id().equals(currentId));
    }
}
