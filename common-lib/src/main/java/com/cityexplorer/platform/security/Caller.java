package com.cityexplorer.platform.security;

import java.util.Set;

/**
 * Who is calling, as the gateway vouched for it. A controller method takes a {@code Caller}
 * parameter to get it; the parameter is only ever filled from a verified identity token.
 */
public record Caller(String userId, Set<Role> roles, String sessionId) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole(Role.ADMIN);
    }
}
