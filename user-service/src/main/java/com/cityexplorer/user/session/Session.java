package com.cityexplorer.user.session;

import java.time.Instant;
import java.util.Set;

import com.cityexplorer.platform.security.Role;

/** A signed-in device, as the user sees it in their list. The id is not the token and cannot be used as one. */
public record Session(String id, String userId, Set<Role> roles, Instant createdAt, Instant expiresAt, String userAgent) {
}
