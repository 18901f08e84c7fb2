package com.cityexplorer.user.session;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Page;

/** Sign in, sign out, and the caller's list of signed-in devices. */
@RestController
@RequestMapping(path = "/api/v1/sessions", produces = "application/json")
class SessionController {

    private final Login login;
    private final SessionStore sessions;

    SessionController(Login login, SessionStore sessions) {
        this.login = login;
        this.sessions = sessions;
    }

    @SecurityRequirements // open to anyone
    @PostMapping(consumes = "application/json")
    ResponseEntity<LoginResult> create(@Valid @RequestBody Credentials credentials,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
        return ResponseEntity.status(HttpStatus.CREATED).body(login.login(credentials, userAgent));
    }

    @GetMapping
    Page<SessionView> list(Caller caller) {
        List<SessionView> views = sessions.list(caller.userId()).stream()
            .map(session -> SessionView.of(session, caller.sessionId()))
            .toList();
        return new Page<>(views, 0, views.size(), views.size());
    }

    @DeleteMapping("/current")
    ResponseEntity<Void> logout(Caller caller) {
        sessions.revoke(caller.userId(), caller.sessionId());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
        if (!sessions.revoke(caller.userId(), id)) {
            ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
            missing.setDetail("You have no such session.");
            throw missing;
        }
        return ResponseEntity.noContent().build();
    }

    /** The contract's page shape; a user's sessions are few (at most city-explorer.sessions.max-per-user). */
}
