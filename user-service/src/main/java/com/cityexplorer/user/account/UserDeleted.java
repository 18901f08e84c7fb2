package com.cityexplorer.user.account;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** An account is gone: every service deletes or anonymises what belonged to this user. */
@EventType(value = "UserDeleted", version = 1)
public record UserDeleted(String userId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return userId;
    }
}
