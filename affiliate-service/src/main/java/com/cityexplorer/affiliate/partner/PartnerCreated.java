package com.cityexplorer.affiliate.partner;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** A user became an affiliate partner; user-service grants the user the PARTNER role. */
@EventType(value = "PartnerCreated", version = 1)
record PartnerCreated(String partnerId, String userId, String name) implements DomainEvent {

    @Override
    public String aggregateId() {
        return partnerId;
    }
}
