package com.cityexplorer.affiliate.conversion;

import java.math.BigDecimal;
import java.time.Instant;

/** The answer to a conversion, the same every time it is posted again. */
record ConversionView(String conversionId, String clickId, String offerId, BigDecimal amount, String currency, BigDecimal commission,
        String status, Instant recordedAt) {
}
