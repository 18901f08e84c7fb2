package com.cityexplorer.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.security.Role;
import com.cityexplorer.user.password.PasswordHashing;
import com.cityexplorer.user.session.SessionStore;

/** Opens, changes and closes accounts; every change is saved with its event in one write. */
@Service
public class Accounts {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final PasswordHashing passwords;
    private final SessionStore sessions;
    private final Clock clock;

    Accounts(MongoTemplate mongo, Outbox outbox, PasswordHashing passwords, SessionStore sessions, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
    }

    Profile register(Registration registration) {
        return passwords.admit(() -> open(registration.email(), registration.password(),
                registration.displayName() != null ? registration.displayName().strip() : DisplayNames.DEFAULT,
                registration.preferences(), EnumSet.of(Role.USER)).profile());
    }

    /** Opens an account with the given roles; 409 when the email is taken. */
    public Account open(String email, String password, String displayName, Preferences preferences, Set<Role> roles) {
        String normalised = EmailAddresses.normalise(email);
        if (PasswordRules.violation(normalised, password) instanceof String violation) {
            throw PasswordRules.invalid("password", violation);
        }
        if (findByEmail(normalised).isPresent()) {
            throw emailTaken();
        }
        Instant now = clock.instant();
        Account account = new Account(UUID.randomUUID().toString(), normalised, passwords.hash(password), displayName,
                roles, preferences, now, now);
        try {
            // The unique index decides between two sign-ups racing for one email.
            return outbox.save(account, new UserRegistered(account.id(), account.displayName(), account.roles()));
        }
        catch (DuplicateKeyException ex) {
            throw emailTaken();
        }
    }

    public Optional<Account> findByEmail(String email) {
        return outbox.findLive(Query.query(Criteria.where("email").is(EmailAddresses.normalise(email))), Account.class).stream()
            .findFirst();
    }

    public Optional<Account> find(String id) {
        return outbox.findLive(id, Account.class);
    }

    public boolean anyWithRole(Role role) {
        return mongo.exists(Query.query(Criteria.where("roles").is(role.name())).addCriteria(Outbox.live()), Account.class);
    }

    /**
     * Gives a live account a role; false when there is no such account (or it was deleted). One
     * {@code $addToSet} by {@code _id} (the one query the embedded server answers from an index), so
     * it cannot undo a concurrent change and a repeat adds nothing; an account that already has the
     * role is not written at all. No {@code UserUpdated}: its data is the whole public state, which an
     * update by id alone cannot read atomically with this write (a rename in between would be undone
     * in the event's copy); no consumer reads roles yet, and the next profile change announces them.
     */
    public boolean grant(String userId, Role role) {
        Optional<Account> account = find(userId);
        if (account.isEmpty()) {
            return false;
        }
        if (!account.get().roles().contains(role)) {
            outbox.updateWhere(byId(userId), new Update().addToSet("roles", role.name()).set("updatedAt", clock.instant()),
                    Account.class);
        }
        return true;
    }

    /**
     * Writes only the fields a profile change changes (not a whole-account replace), so a role granted
     * meanwhile ({@link #grant}) is kept.
     */
    Profile update(String userId, ProfileUpdate update) {
        Account account = find(userId).orElseThrow(Accounts::notFound);
        Account updated = account.withProfile(
                update.displayName() != null ? update.displayName().strip() : account.displayName(),
                update.preferences() != null ? update.preferences() : account.preferences(), clock.instant());
        outbox.updateWhere(byId(userId), new Update().set("displayName", updated.displayName())
            .set("preferences", updated.preferences()).set("updatedAt", updated.updatedAt()), Account.class,
                new UserUpdated(userId, updated.displayName(), updated.roles()));
        return updated.profile();
    }

    void changePassword(String userId, PasswordChange change) {
        passwords.admit(() -> {
            replacePassword(userId, change);
            return null;
        });
    }

    private void replacePassword(String userId, PasswordChange change) {
        Account account = find(userId).orElseThrow(Accounts::notFound);
        if (!passwords.matches(change.currentPassword(), account.passwordHash())) {
            ErrorResponseException wrong = new ErrorResponseException(HttpStatus.FORBIDDEN);
            wrong.setDetail("The current password is wrong.");
            throw wrong;
        }
        if (PasswordRules.violation(account.email(), change.newPassword()) instanceof String violation) {
            throw PasswordRules.invalid("newPassword", violation);
        }
        // Only the hash (and time): the checks above take two password hashes, long enough for a role
        // granted meanwhile to be undone by a whole-account replace.
        outbox.updateWhere(byId(userId), new Update().set("passwordHash", passwords.hash(change.newPassword()))
            .set("updatedAt", clock.instant()), Account.class);
        sessions.revokeAll(userId);
    }

    private static Query byId(String userId) {
        return Query.query(Criteria.where("_id").is(userId));
    }

    /**
     * Closes the account. Sessions are revoked first: should the delete then fail, the user is signed
     * out and can retry, rather than left signed in to an account that is gone.
     */
    void delete(String userId) {
        find(userId).orElseThrow(Accounts::notFound);
        sessions.revokeAll(userId);
        Update erase = new Update().unset("email").unset("passwordHash").unset("displayName").unset("preferences");
        outbox.delete(Account.class, userId, erase, new UserDeleted(userId));
    }

    static ErrorResponseException notFound() {
        ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
        missing.setDetail("This account does not exist (any more).");
        return missing;
    }

    private static ErrorResponseException emailTaken() {
        ErrorResponseException taken = new ErrorResponseException(HttpStatus.CONFLICT);
        taken.setDetail("An account with this email already exists.");
        return taken;
    }
}
