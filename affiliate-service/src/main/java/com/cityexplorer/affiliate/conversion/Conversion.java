package com.cityexplorer.affiliate.conversion;

import java.math.BigDecimal;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner's conversion, stored once: the id is the partner's id and its {@code conversionId}, so a
 * repeat (however many arrive at once, on however many instances) finds the first. Money as decimal
 * strings, in the offer's currency.
 */
@Document("conversions")
public record Conversion(@Id String id, String partnerId, String conversionId, String clickId, String offerId, String amount,
        String currency, String commission, String day, Instant recordedAt) {

    static String id(String partnerId, String conversionId) {
        return partnerId + ":" + conversionId;
    }

    ConversionView view() {
        return new ConversionView(conversionId, clickId, offerId, new BigDecimal(amount), currency, new BigDecimal(commission), "accepted",
                recordedAt);
    }
}
