package com.cityexplorer.affiliate.conversion;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partners' servers post conversions here, signed (no user session: the signature over the raw body,
 * read as bytes before anything parses it, is the authentication).
 */
@RestController
class ConversionController {

    private final Conversions conversions;

    ConversionController(Conversions conversions) {
        this.conversions = conversions;
    }

    @PostMapping(path = "/api/v1/affiliate/conversions", consumes = "application/json", produces = "application/json")
    ResponseEntity<ConversionView> post(@RequestHeader(name = "X-Partner-Id", required = false) String partnerId,
            @RequestHeader(name = "X-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        var partner = conversions.authenticate(partnerId, timestamp, signature, raw);
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Cache-Control", "no-store")
            .body(conversions.record(partner, raw).view());
    }
}
