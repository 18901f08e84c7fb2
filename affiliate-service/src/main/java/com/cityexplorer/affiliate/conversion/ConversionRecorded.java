package com.cityexplorer.affiliate.conversion;

import java.math.BigDecimal;

import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.EventType;

/** A partner reported a sale after a click; the commission is due in the offer's currency. */
@EventType(value = "ConversionRecorded", version = 1)
record ConversionRecorded(String partnerId, String conversionId, String clickId, String offerId, BigDecimal amount, String currency,
        BigDecimal commission) implements DomainEvent {

    @Override
    public String aggregateId() {
        return Conversion.id(partnerId, conversionId);
    }
}
