package com.cityexplorer.affiliate.partner;

import com.cityexplorer.platform.security.Caller;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators make users partners; a partner reads its own record (its id is what it signs conversions with). */
@RestController
@RequestMapping(path = "/api/v1/affiliate/partners", produces = "application/json")
class PartnerController {

    private final Partners partners;

    PartnerController(Partners partners) {
        this.partners = partners;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<NewPartner> create(@Valid @RequestBody PartnerInput input) {
        NewPartner created = partners.create(input);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/affiliate/partners/" + created.id()))
            .header("Cache-Control", "no-store").body(created);
    }

    @GetMapping("/me")
    PartnerView me(Caller caller) {
        return partners.ofCaller(caller.userId()).view();
    }
}
