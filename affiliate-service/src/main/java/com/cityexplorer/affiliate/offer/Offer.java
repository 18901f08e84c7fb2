package com.cityexplorer.affiliate.offer;

import java.math.BigDecimal;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner's offer for a place. Money and the commission rate are stored as decimal strings, exactly
 * as given (never binary floating point); {@code active} is false once the offer is retired.
 */
@Document("offers")
public record Offer(@Id String id, String partnerId, String placeId, String title, String price, String currency, String url,
        String commissionRate, boolean active, long version, Instant createdAt, Instant updatedAt) {

    public BigDecimal rate() {
        return new BigDecimal(commissionRate);
    }

    public OfferView view() {
        return new OfferView(id, partnerId, placeId, title, new BigDecimal(price), currency, url, new BigDecimal(commissionRate),
                active ? "active" : "retired", createdAt, updatedAt);
    }
}
