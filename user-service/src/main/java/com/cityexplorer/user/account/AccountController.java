package com.cityexplorer.user.account;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.cityexplorer.platform.security.Caller;

/** Sign-up, and the caller's own account. There is no way to address another user's account here. */
@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @SecurityRequirements // open to anyone
    @PostMapping(consumes = "application/json")
    ResponseEntity<Profile> register(@Valid @RequestBody Registration registration) {
        Profile profile = accounts.register(registration);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/users/me")).body(profile);
    }

    @GetMapping("/me")
    Profile me(Caller caller) {
        return accounts.find(caller.userId()).orElseThrow(Accounts::notFound).profile();
    }

    @PatchMapping(path = "/me", consumes = { "application/json", "application/merge-patch+json" })
    Profile update(Caller caller, @Valid @RequestBody ProfileUpdate update) {
        return accounts.update(caller.userId(), update);
    }

    @PutMapping(path = "/me/password", consumes = "application/json")
    ResponseEntity<Void> changePassword(Caller caller, @Valid @RequestBody PasswordChange change) {
        accounts.changePassword(caller.userId(), change);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/me")
    ResponseEntity<Void> delete(Caller caller) {
        accounts.delete(caller.userId());
        return ResponseEntity.noContent().build();
    }
}
