package com.cityexplorer.affiliate.offer;

import java.math.BigDecimal;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** What happens to offers, on {@code ce.affiliate.events} keyed by offer. */
final class OfferEvents {

    private OfferEvents() {
    }

    @EventType(value = "OfferCreated", version = 1)
    record OfferCreated(String offerId, String partnerId, String placeId, String title, BigDecimal price, String currency,
            BigDecimal commissionRate, long version) implements DomainEvent {
        @Override
        public String aggregateId() {
            return offerId;
        }
    }

    @EventType(value = "OfferUpdated", version = 1)
    record OfferUpdated(String offerId, String partnerId, String placeId, String title, BigDecimal price, String currency,
            BigDecimal commissionRate, long version) implements DomainEvent {
        @Override
        public String aggregateId() {
            return offerId;
        }
    }

    @EventType(value = "OfferRetired", version = 1)
    record OfferRetired(String offerId, String partnerId, String placeId, String reason, long version) implements DomainEvent {
        @Override
        public String aggregateId() {
            return offerId;
        }
    }
}
