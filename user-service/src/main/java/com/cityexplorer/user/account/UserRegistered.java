package com.cityexplorer.user.account;

import java.util.Set;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;
import com.cityexplorer.platform.security.Role;

/** A new account. No email: other services need to know a user exists, not how to reach them. */
@EventType(value = "UserRegistered", version = 1)
public record UserRegistered(String userId, String displayName, Set<Role> roles) implements DomainEvent {

    @Override
    public String aggregateId() {
        return userId;
    }
}
