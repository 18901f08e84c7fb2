package com.cityexplorer.affiliate.conversion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Set;

import com.cityexplorer.affiliate.AffiliateSettings;
import com.cityexplorer.affiliate.click.ClickIds;
import com.cityexplorer.affiliate.offer.Offer;
import com.cityexplorer.affiliate.offer.Offers;
import com.cityexplorer.affiliate.partner.Partner;
import com.cityexplorer.affiliate.partner.Partners;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.web.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Conversions posted by partners' servers: authenticated by the partner's signature over the raw body
 * (within a few minutes of its timestamp), counted once per conversion id, attributed to a click of the
 * partner's own offer, and paid at the offer's commission rate in its currency, exactly.
 */
@Service
class Conversions {

    private static final String ID = "[A-Za-z0-9-]{1,64}";

    private final Outbox outbox;
    private final Partners partners;
    private final Offers offers;
    private final ClickIds clickIds;
    private final JsonMapper json;
    private final Validator validator;
    private final Duration tolerance;
    private final Clock clock;

    Conversions(Outbox outbox, Partners partners, Offers offers, ClickIds clickIds, JsonMapper json, Validator validator,
            AffiliateSettings settings, Clock clock) {
        this.outbox = outbox;
        this.partners = partners;
        this.offers = offers;
        this.clickIds = clickIds;
        this.json = json;
        this.validator = validator;
        this.tolerance = settings.signatureTolerance();
        this.clock = clock;
    }

    /** The signing partner, or 401 (the same answer for an unknown partner, a bad signature and an old timestamp). */
    Partner authenticate(String partnerId, String timestamp, String signature, byte[] body) {
        if (partnerId == null || timestamp == null || signature == null || !partnerId.matches(ID) || !timestamp.matches("[0-9]{1,12}")) {
            throw unauthenticated();
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw unauthenticated();
        }
        Partner partner = partners.byId(partnerId).orElseThrow(Conversions::unauthenticated);
        if (!WebhookSignatures.matches(partners.secretOf(partner), timestamp, body, signature)) {
            throw unauthenticated();
        }
        return partner;
    }

    Conversion record(Partner partner, byte[] body) {
        ConversionInput input = parse(body);
        String id = Conversion.id(partner.id(), input.conversionId());
        var first = outbox.findLive(id, Conversion.class);
        if (first.isPresent()) {
            return first.get();
        }
        ClickIds.Click click = clickIds.verify(input.clickId())
            .orElseThrow(() -> Partners.problem(HttpStatus.UNPROCESSABLE_ENTITY, "Unknown click."));
        Offer offer = offers.all(List.of(click.offerId())).stream().findFirst()
            .filter(found -> found.partnerId().equals(partner.id()))
            .orElseThrow(() -> Partners.problem(HttpStatus.UNPROCESSABLE_ENTITY, "The click is not a click of one of your offers."));
        if (!offer.currency().equals(input.currency())) {
            throw Partners.problem(HttpStatus.UNPROCESSABLE_ENTITY, "The amount must be in the offer's currency, " + offer.currency() + ".");
        }
        int digits = Math.max(0, Currency.getInstance(offer.currency()).getDefaultFractionDigits());
        if (input.amount().stripTrailingZeros().scale() > digits) {
            throw invalid("amount", "has more decimals than " + offer.currency() + " allows");
        }
        BigDecimal commission = input.amount().multiply(offer.rate()).setScale(digits, RoundingMode.HALF_EVEN);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Conversion conversion = new Conversion(id, partner.id(), input.conversionId(), input.clickId(), offer.id(),
                input.amount().setScale(digits, RoundingMode.UNNECESSARY).toPlainString(), offer.currency(), commission.toPlainString(),
                now.atZone(ZoneOffset.UTC).toLocalDate().toString(), now);
        try {
            return outbox.insert(conversion, new ConversionRecorded(partner.id(), input.conversionId(), input.clickId(), offer.id(),
                    new BigDecimal(conversion.amount()), offer.currency(), commission));
        }
        catch (DuplicateKeyException ex) {
            // The same conversion arrived at the same moment (here or on another instance) and was stored first.
            return outbox.findLive(id, Conversion.class).orElseThrow(() -> ex);
        }
    }

    private ConversionInput parse(byte[] body) {
        ConversionInput input;
        try {
            input = json.readValue(body, ConversionInput.class);
        }
        catch (JacksonException ex) {
            throw Partners.problem(HttpStatus.BAD_REQUEST, "The body is not a conversion: {conversionId, clickId, amount, currency}.");
        }
        if (input == null) {
            throw Partners.problem(HttpStatus.BAD_REQUEST, "The body is empty.");
        }
        Set<ConstraintViolation<ConversionInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(violations.stream()
                .map(violation -> new Problems.FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
                .sorted(java.util.Comparator.comparing(Problems.FieldError::field)).toList(), null, null), null);
        }
        return input;
    }

    private static ErrorResponseException invalid(String field, String message) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(List.of(new Problems.FieldError(field, message)),
                null, null), null);
    }

    private static ErrorResponseException unauthenticated() {
        return Partners.problem(HttpStatus.UNAUTHORIZED, "The request's partner, timestamp or signature is not valid.");
    }
}
