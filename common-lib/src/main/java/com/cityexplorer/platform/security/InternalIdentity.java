package com.cityexplorer.platform.security;

/**
 * The short-lived token the gateway signs for each request it forwards, and the services verify: who
 * is calling (subject = user id), with which roles and session, for which service (audience). It
 * travels as {@code Authorization: Bearer}; the client's own session token never reaches a service.
 * <p>
 * It is signed with the gateway's private EC key (ES256) and checked with the public key only, so a
 * service, or anyone else inside the network, can verify identities but cannot make one up.
 */
public final class InternalIdentity {

    public static final String ISSUER = "city-explorer-gateway";
    public static final String ROLES_CLAIM = "roles";
    public static final String SESSION_CLAIM = "sid";

    private InternalIdentity() {
    }
}
