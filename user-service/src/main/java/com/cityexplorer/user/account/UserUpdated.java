package com.cityexplorer.user.account;

import java.util.Set;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;
import com.cityexplorer.platform.security.Role;

/** The public side of an account changed: the whole current state, so a replay or a reordering cannot go back. */
@EventType(value = "UserUpdated", version = 1)
public record UserUpdated(String userId, String displayName, Set<Role> roles) implements DomainEvent {

    @Override
    public String aggregateId() {
        return userId;
    }
}
