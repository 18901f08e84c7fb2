package com.cityexplorer.affiliate.offer;

import java.math.BigDecimal;
import java.time.Instant;

/** An offer as clients see it. */
public record OfferView(String id, String partnerId, String placeId, String title, BigDecimal price, String currency, String url,
        BigDecimal commissionRate, String status, Instant createdAt, Instant updatedAt) {
}
