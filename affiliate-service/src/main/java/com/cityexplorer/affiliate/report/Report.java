package com.cityexplorer.affiliate.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A partner's (or, for an administrator, every partner's) clicks that counted and conversions in a
 * date range (UTC days, both included). Money is per currency: offers are priced in different ones
 * and amounts in different currencies are never added up.
 */
record Report(String partnerId, LocalDate from, LocalDate to, long clicks, long conversions, Map<String, BigDecimal> revenue,
        Map<String, BigDecimal> commission, List<OfferLine> byOffer) {

    record OfferLine(String offerId, String title, String currency, long clicks, long conversions, BigDecimal revenue,
            BigDecimal commission) {
    }
}
