package com.cityexplorer.gateway.identity;

import java.time.Instant;
import java.util.List;

/** A live session as the gateway needs it: whose it is and with which roles. */
record SessionIdentity(String sessionId, String userId, List<String> roles, Instant expiresAt) {
}
