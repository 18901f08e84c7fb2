package com.cityexplorer.affiliate.offer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import com.cityexplorer.platform.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The checks on an offer that annotations cannot express: a real currency, its decimals, a safe https URL. */
final class OfferRules {

    private OfferRules() {
    }

    static void check(OfferInput input) {
        List<Problems.FieldError> errors = new ArrayList<>();
        Currency currency = currency(input.currency());
        if (currency == null) {
            errors.add(new Problems.FieldError("currency", "is not a known ISO 4217 currency"));
        }
        else if (input.price().stripTrailingZeros().scale() > Math.max(0, currency.getDefaultFractionDigits())) {
            errors.add(new Problems.FieldError("price", "has more decimals than " + currency.getCurrencyCode() + " allows"));
        }
        String urlProblem = urlProblem(input.url());
        if (urlProblem != null) {
            errors.add(new Problems.FieldError("url", urlProblem));
        }
        if (!errors.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(errors, null, null), null);
        }
    }

    static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            return null;
        }
    }

    /** Why this URL may not be an offer's target, or null. Clicks redirect to it, so only absolute https to a named host. */
    private static String urlProblem(String url) {
        try {
            URI uri = new URI(url.strip());
            if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
                return "must be an absolute https URL";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "must name a host";
            }
            if (uri.getRawUserInfo() != null) {
                return "must not contain user information";
            }
            if (uri.getRawFragment() != null) {
                return "must not contain a fragment";
            }
            return null;
        }
        catch (URISyntaxException ex) {
            return "is not a valid URL";
        }
    }
}
