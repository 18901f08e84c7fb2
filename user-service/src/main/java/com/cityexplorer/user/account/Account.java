package com.cityexplorer.user.account;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import com.cityexplorer.platform.security.Role;

/**
 * A user's account. The email is stored normalised and is unique (sparse: a deleted account's
 * tombstone no longer has one). Saved through the outbox, so each change and its event are one write.
 */
@Document("users")
public record Account(
        @Id String id,
        @Indexed(unique = true, sparse = true) String email,
        String passwordHash,
        String displayName,
        Set<Role> roles,
        Preferences preferences,
        Instant createdAt,
        Instant updatedAt) {

    public Account {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        preferences = preferences == null ? Preferences.NONE : preferences;
    }

    Account withProfile(String newDisplayName, Preferences newPreferences, Instant now) {
        return new Account(id, email, passwordHash, newDisplayName, roles, newPreferences, createdAt, now);
    }

    public Profile profile() {
        return new Profile(id, email, displayName, roles, preferences, createdAt);
    }
}
