package com.cityexplorer.user.account;

import java.time.Instant;
import java.util.Set;

import com.cityexplorer.platform.security.Role;

/** What a user sees of their own account. */
public record Profile(String id, String email, String displayName, Set<Role> roles, Preferences preferences,
        Instant createdAt) {
}
