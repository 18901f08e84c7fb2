package com.cityexplorer.user.partner;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.EventEnvelope;
import com.cityexplorer.platform.events.IdempotentEventHandler;
import com.cityexplorer.platform.events.InvalidEventException;
import com.cityexplorer.platform.security.Role;
import com.cityexplorer.user.account.Accounts;
import com.cityexplorer.user.session.SessionStore;

/**
 * Makes a user a partner when affiliate-service says an administrator did ({@code PartnerCreated}):
 * the PARTNER role goes on the account, which later logins copy into their sessions, and on every live
 * session, so the user's next requests through the gateway carry it without signing in again.
 * <p>
 * affiliate-service owns and creates {@code ce.affiliate.events}; until it exists the consumer keeps
 * asking the broker for it (a missing topic is not fatal to a listener) and starts reading from its
 * beginning once it appears, so nothing published before this service noticed it is missed.
 */
@Component
class PartnerRoles {

    /** The name this listener's applied events are recorded under (processed_events). */
    static final String LISTENER = "partner-roles";

    private static final Logger log = LoggerFactory.getLogger(PartnerRoles.class);

    private final IdempotentEventHandler events;
    private final Accounts accounts;
    private final SessionStore sessions;

    PartnerRoles(IdempotentEventHandler events, Accounts accounts, SessionStore sessions) {
        this.events = events;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @KafkaListener(topics = "ce.affiliate.events", groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, String> record) {
        // The topic carries all of affiliate-service's events, clicks at a high rate among them: the
        // others are passed over by their header, before anything is parsed or looked up.
        events.handle(LISTENER, record, Set.of("PartnerCreated"), this::apply);
    }

    /**
     * Safe to run again (the handler runs before the event is recorded as applied): both steps add a
     * role that may already be there. The sessions are updated even when the account already had the
     * role, for a first run that stopped between the two.
     */
    private void apply(EventEnvelope event) {
        PartnerCreated partner = events.data(event, PartnerCreated.class);
        if (partner.userId() == null || partner.userId().isBlank()) {
            throw new InvalidEventException("PartnerCreated " + event.id() + " (partner " + event.aggregateId()
                    + ") names no user");
        }
        // The account first: a login that reads it from now on opens its session with the role.
        if (!accounts.grant(partner.userId(), Role.PARTNER)) {
            log.info("Partner {} is user {}, who does not exist (any more): no role to grant", event.aggregateId(),
                    partner.userId());
            return;
        }
        int changed = sessions.grantRole(partner.userId(), Role.PARTNER);
        log.info("User {} is partner {}: role PARTNER granted ({} live sessions changed)", partner.userId(),
                event.aggregateId(), changed);
    }
}
