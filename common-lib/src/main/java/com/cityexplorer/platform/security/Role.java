package com.cityexplorer.platform.security;

/** The platform's roles. Everyone who registers is a USER; PARTNER and ADMIN are granted, never chosen. */
public enum Role {
    USER, PARTNER, ADMIN;

    /** The Spring Security authority for this role, as {@code hasRole(...)} expects it. */
    public String authority() {
        return "ROLE_" + name();
    }
}
