package com.cityexplorer.affiliate.partner;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.cityexplorer.affiliate.user.KnownUsers;
import com.cityexplorer.platform.events.outbox.Outbox;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** Partners: made by administrators from existing users, found by id or by their user. */
@Service
public class Partners {

    private final Outbox outbox;
    private final KnownUsers users;
    private final WebhookSecrets secrets;
    private final Clock clock;

    Partners(Outbox outbox, KnownUsers users, WebhookSecrets secrets, Clock clock) {
        this.outbox = outbox;
        this.users = users;
        this.secrets = secrets;
        this.clock = clock;
    }

    NewPartner create(PartnerInput input) {
        if (!users.exists(input.userId())) {
            throw problem(HttpStatus.UNPROCESSABLE_ENTITY, "No such user.");
        }
        String id = UUID.randomUUID().toString();
        String secret = secrets.generate();
        Partner partner = new Partner(id, input.name().strip(), input.userId(), secrets.encrypt(id, secret),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            outbox.insert(partner, new PartnerCreated(id, partner.userId(), partner.name()));
        }
        catch (DuplicateKeyException ex) {
            throw problem(HttpStatus.CONFLICT, "That user is already a partner.");
        }
        return new NewPartner(id, partner.name(), partner.userId(), secret, partner.createdAt());
    }

    public Optional<Partner> byId(String id) {
        return outbox.findLive(id, Partner.class);
    }

    /** The partner a user is (by the unique user id alone, so the embedded server answers from its index). */
    public Optional<Partner> ofUser(String userId) {
        return outbox.findLive(Query.query(Criteria.where("userId").is(userId)), Partner.class).stream().findFirst();
    }

    /** The partner the calling user is; 403 for a PARTNER-role user without a partner record. */
    public Partner ofCaller(String userId) {
        return ofUser(userId).orElseThrow(() -> problem(HttpStatus.FORBIDDEN, "You are not an affiliate partner."));
    }

    public String secretOf(Partner partner) {
        return secrets.decrypt(partner.id(), partner.encryptedSecret());
    }

    public static ErrorResponseException problem(HttpStatus status, String detail) {
        ErrorResponseException problem = new ErrorResponseException(status);
        problem.setDetail(detail);
        return problem;
    }
}
