package com.cityexplorer.user.session;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.user.account.Accounts;
import com.cityexplorer.user.account.Account;
import com.cityexplorer.user.account.EmailAddresses;
import com.cityexplorer.user.password.PasswordHashing;

/**
 * Checks an email and password and opens a session. A wrong password and an unknown email get the
 * same answer after the same work (a decoy hash is checked), and both count towards the email's lock.
 */
@Service
class Login {

    private final Accounts accounts;
    private final PasswordHashing passwords;
    private final LoginAttempts attempts;
    private final SessionStore sessions;

    Login(Accounts accounts, PasswordHashing passwords, LoginAttempts attempts, SessionStore sessions) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.attempts = attempts;
        this.sessions = sessions;
    }

    LoginResult login(Credentials credentials, String userAgent) {
        return passwords.admit(() -> check(credentials, userAgent));
    }

    private LoginResult check(Credentials credentials, String userAgent) {
        String email = EmailAddresses.normalise(credentials.email());
        attempts.lockedFor(email).ifPresent(Login::tooManyFailures);
        Account account = accounts.findByEmail(email).orElse(null);
        boolean valid = account != null && account.passwordHash() != null
                ? passwords.matches(credentials.password(), account.passwordHash())
                : passwords.matchesNothing(credentials.password());
        if (!valid) {
            attempts.recordFailure(email);
            ErrorResponseException wrong = new ErrorResponseException(HttpStatus.UNAUTHORIZED);
            wrong.setDetail("Wrong email or password.");
            throw wrong;
        }
        attempts.clear(email);
        SessionStore.NewSession created = sessions.create(account.id(), account.roles(), userAgent);
        Account current = withRolesGrantedMeanwhile(account);
        return new LoginResult(created.token(), created.session().expiresAt(), current.profile());
    }

    /**
     * A role granted while the password was being checked (after the account was read, before the
     * session existed) is in neither: the grant updates the account, then the sessions that exist. So
     * the account is read again once the session exists; whatever grant that read misses comes later
     * and finds the session. One read by id, next to a password hash.
     */
    private Account withRolesGrantedMeanwhile(Account read) {
        Account current = accounts.find(read.id()).orElse(read);
        current.roles().stream()
            .filter(role -> !read.roles().contains(role))
            .forEach(role -> sessions.grantRole(read.id(), role));
        return current;
    }

    private static void tooManyFailures(Duration lockedFor) {
        ErrorResponseException locked = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS);
        locked.setDetail("Too many failed sign-ins for this account. Try again later.");
        locked.getHeaders().set("Retry-After", Long.toString(Math.max(1, (lockedFor.toMillis() + 999) / 1000)));
        throw locked;
    }
}
