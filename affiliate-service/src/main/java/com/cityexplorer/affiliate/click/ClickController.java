package com.cityexplorer.affiliate.click;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.cityexplorer.affiliate.offer.Offer;
import com.cityexplorer.affiliate.offer.Offers;
import com.cityexplorer.affiliate.partner.Partners;
import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.journal.EventJournal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Follows an offer's click link: answers 302 to the offer's registered URL (never anywhere else) with
 * {@code ce_click} appended, after writing the click to the local journal, which ships it to Kafka
 * afterwards. No database or Kafka round trip on the request path; a click answered is a click on
 * disk, so an instance killed right after answering loses nothing (see {@link EventJournal}).
 */
@RestController
class ClickController {

    private final Offers offers;
    private final ClickIds clickIds;
    private final EventJournal journal;
    private final JsonMapper json;
    private final Clock clock;

    ClickController(Offers offers, ClickIds clickIds, EventJournal journal, JsonMapper json, Clock clock) {
        this.offers = offers;
        this.clickIds = clickIds;
        this.journal = journal;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/v1/affiliate/offers/{offerId}/click")
    ResponseEntity<Void> click(@PathVariable @Pattern(regexp = "[0-9a-f-]{36}", message = "is not an offer id") String offerId,
            HttpServletRequest request) {
        Offer offer = offers.cached(offerId).filter(Offer::active)
            .orElseThrow(() -> Partners.problem(HttpStatus.NOT_FOUND, "No such offer, or it has been retired."));
        Instant now = clock.instant();
        String clickId = clickIds.issue(offerId, now);
        ClickRecorded click = new ClickRecorded(clickId, offerId, offer.partnerId(), offer.placeId(), ClientFingerprint.of(request), now);
        journal.append(ClickRecorded.TOPIC, click.key(), new EventEnvelope(UUID.randomUUID(), ClickRecorded.TYPE, 1, "affiliate-service",
                clickId, now, null, json.valueToTree(click)));
        String separator = offer.url().contains("?") ? "&" : "?";
        return ResponseEntity.status(HttpStatus.FOUND)
            .location(URI.create(offer.url() + separator + "ce_click=" + URLEncoder.encode(clickId, StandardCharsets.UTF_8)))
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .header("Referrer-Policy", "no-referrer")
            .build();
    }
}
