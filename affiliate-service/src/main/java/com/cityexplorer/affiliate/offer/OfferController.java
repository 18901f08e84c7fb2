package com.cityexplorer.affiliate.offer;

import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Partners manage their offers; anyone lists a place's active offers. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class OfferController {

    static final String OFFER_ID = "[0-9a-f-]{36}";
    static final String PLACE_ID = "[A-Za-z0-9-]{1,100}";

    private final Offers offers;

    OfferController(Offers offers) {
        this.offers = offers;
    }

    @PostMapping(path = "/affiliate/offers", consumes = "application/json")
    ResponseEntity<OfferView> create(Caller caller, @Valid @RequestBody OfferInput input) {
        Offer offer = offers.create(caller.userId(), input);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/affiliate/offers/" + offer.id()))
            .body(offer.view());
    }

    @GetMapping("/affiliate/offers/{id}")
    OfferView get(Caller caller, @PathVariable @Pattern(regexp = OFFER_ID, message = "is not an offer id") String id) {
        return offers.owned(caller.userId(), id).view();
    }

    @PutMapping(path = "/affiliate/offers/{id}", consumes = "application/json")
    OfferView update(Caller caller, @PathVariable @Pattern(regexp = OFFER_ID, message = "is not an offer id") String id,
            @Valid @RequestBody OfferInput input) {
        return offers.update(caller.userId(), id, input).view();
    }

    /** Retires the offer: it is no longer listed or clickable; its clicks and conversions stay in reports. */
    @DeleteMapping("/affiliate/offers/{id}")
    ResponseEntity<Void> retire(Caller caller, @PathVariable @Pattern(regexp = OFFER_ID, message = "is not an offer id") String id) {
        offers.retire(caller.userId(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/places/{placeId}/offers")
    Page<OfferView> ofPlace(@PathVariable @Pattern(regexp = PLACE_ID, message = "is not a place id") String placeId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return offers.activeOfPlace(placeId, page, size);
    }
}
