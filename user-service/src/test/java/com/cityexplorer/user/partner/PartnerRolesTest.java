package com.cityexplorer.user.partner;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cityexplorer.platform.events.InvalidEventException;
import com.cityexplorer.platform.security.session.SessionTokens;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import com.cityexplorer.user.UserApi;
import com.cityexplorer.user.password.PasswordHashing;
import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

/**
 * PartnerCreated from affiliate-service (published here as it would publish it) makes the user a
 * partner: on the stored account, on every live session in Redis (what the gateway reads), and for
 * later logins; repeats change nothing, and broken or foreign events neither stop the listener nor
 * grant anything.
 */
@PlatformIntegrationTest
class PartnerRolesTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StringRedisTemplate redis;

    /** Real hashing; two tests make a grant happen in the middle of a password check or hash. */
    @MockitoSpyBean
    PasswordHashing passwords;

    UserApi api;

    @BeforeAll
    static void affiliateServicesTopic() throws Exception {
        AffiliateEvents.createTopic();
    }

    @BeforeEach
    void client() {
        api = new UserApi(port);
    }

    @Test
    void grantsPartnerOnTheAccountEveryLiveSessionAndLaterLogins() throws Exception {
        String email = UserApi.uniqueEmail("petra");
        String id = api.register(email);
        String phone = sessionId(api.login(email, UserApi.PASSWORD));
        String laptop = sessionId(api.login(email, UserApi.PASSWORD));
        assertThat(sessionRoles(phone)).isEqualTo("USER");
        assertThat(profileRoles(id, laptop)).containsExactly("USER");

        AffiliateEvents.partnerCreated(id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(profileRoles(id, laptop)).containsExactlyInAnyOrder("USER", "PARTNER");
            // Sorted and comma-separated, as the gateway splits it and as a login writes it.
            assertThat(sessionRoles(phone)).isEqualTo("PARTNER,USER");
            assertThat(sessionRoles(laptop)).isEqualTo("PARTNER,USER");
        });
        assertThat(redis.getExpire(SessionTokens.sessionKey(phone))).as("the session keeps its expiry")
            .isBetween(24 * 3600L - 120, 24 * 3600L);
        assertThat(redis.opsForHash().entries(SessionTokens.sessionKey(laptop))).containsEntry("userId", id)
            .containsKeys("createdAt", "expiresAt");

        HttpResponse<String> later = api.login(email, UserApi.PASSWORD);
        assertThat(JsonPath.<List<String>>read(later.body(), "$.user.roles")).containsExactlyInAnyOrder("USER", "PARTNER");
        assertThat(sessionRoles(sessionId(later))).isEqualTo("PARTNER,USER");
    }

    @Test
    void aRedeliveryOrAnotherPartnershipOfTheSameUserChangesNothing() throws Exception {
        String email = UserApi.uniqueEmail("quentin");
        String id = api.register(email);
        String session = sessionId(api.login(email, UserApi.PASSWORD));
        String partnerId = "partner-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        awaitApplied(AffiliateEvents.partnerCreated(eventId, partnerId, id));
        Document account = storedAccount(id);
        Map<Object, Object> sessionBefore = redis.opsForHash().entries(SessionTokens.sessionKey(session));
        assertThat(account.getList("roles", String.class)).containsExactlyInAnyOrder("USER", "PARTNER");

        AffiliateEvents.partnerCreated(eventId, partnerId, id);
        // Same partner, so the same partition: once this one is applied, the redelivery was handled.
        awaitApplied(AffiliateEvents.partnerCreated(UUID.randomUUID().toString(), partnerId, id));

        Document after = storedAccount(id);
        assertThat(after.getList("roles", String.class)).hasSize(2).containsExactlyInAnyOrder("USER", "PARTNER");
        assertThat(after.getDate("updatedAt")).as("not written again").isEqualTo(account.getDate("updatedAt"));
        assertThat(redis.opsForHash().entries(SessionTokens.sessionKey(session))).isEqualTo(sessionBefore)
            .containsEntry("roles", "PARTNER,USER");
    }

    @Test
    void doesNotBringBackASessionWhoseHashIsGone() throws Exception {
        String email = UserApi.uniqueEmail("rita");
        String id = api.register(email);
        String gone = sessionId(api.login(email, UserApi.PASSWORD));
        String live = sessionId(api.login(email, UserApi.PASSWORD));
        // As when a session expires: Redis drops the hash, the user's index keeps the id for a while.
        redis.delete(SessionTokens.sessionKey(gone));
        assertThat(redis.opsForZSet().score(SessionTokens.userSessionsKey(id), gone)).isNotNull();

        awaitApplied(AffiliateEvents.partnerCreated(id));

        assertThat(sessionRoles(live)).isEqualTo("PARTNER,USER");
        assertThat(redis.hasKey(SessionTokens.sessionKey(gone))).isFalse();
    }

    @Test
    void anUnknownOrDeletedUserGetsNothingAndTheListenerGoesOn() throws Exception {
        String unknown = "user-" + UUID.randomUUID();
        awaitApplied(AffiliateEvents.partnerCreated(unknown));
        assertThat(mongo.findById(unknown, Document.class, "users")).isNull();
        assertThat(redis.hasKey(SessionTokens.userSessionsKey(unknown))).isFalse();

        String email = UserApi.uniqueEmail("sam");
        String deleted = api.register(email);
        String session = sessionId(api.login(email, UserApi.PASSWORD));
        assertThat(api.send("DELETE", "/api/v1/users/me", UserApi.as(deleted, session), null).statusCode()).isEqualTo(204);
        awaitApplied(AffiliateEvents.partnerCreated(deleted));
        Document tombstone = mongo.findById(deleted, Document.class, "users");
        if (tombstone != null) { // until its UserDeleted is out
            assertThat(tombstone.getList("roles", String.class)).doesNotContain("PARTNER");
        }
        assertThat(redis.hasKey(SessionTokens.sessionKey(session))).isFalse();
        assertThat(redis.hasKey(SessionTokens.userSessionsKey(deleted))).isFalse();
    }

    @Test
    void deadLettersAPartnerCreatedWithoutAUserAndGoesOnWithThePartition() throws Exception {
        String partnerId = "partner-" + UUID.randomUUID();
        String broken = AffiliateEvents.publish(UUID.randomUUID().toString(), "PartnerCreated", partnerId,
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"Nobody's hotel\"}");
        String email = UserApi.uniqueEmail("tom");
        String id = api.register(email);
        // The next event of the same partner, on the same partition: applied although the one before failed.
        awaitApplied(AffiliateEvents.partnerCreated(UUID.randomUUID().toString(), partnerId, id));
        assertThat(storedAccount(id).getList("roles", String.class)).contains("PARTNER");

        var deadLetters = AffiliateEvents.deadLetters(partnerId);
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.getFirst().value()).contains(broken);
        assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
            .as("dead-lettered at once, not after retries").isEqualTo(InvalidEventException.class.getName());
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(PartnerRoles.LISTENER + ":" + broken)),
                "processed_events")).isFalse();
    }

    @Test
    void passesOverOtherAffiliateEventsByTheirHeaderWithoutReadingThem() throws Exception {
        String partnerId = "partner-" + UUID.randomUUID();
        String bystander = api.register(UserApi.uniqueEmail("ulla"));
        // A click as the listener never reads it: not even an envelope, so reading it would dead-letter it.
        AffiliateEvents.send("ClickRecorded", partnerId, "click " + UUID.randomUUID());
        // An offer naming a user: handled as a PartnerCreated, it would make them a partner.
        String offer = AffiliateEvents.publish(UUID.randomUUID().toString(), "OfferCreated", partnerId,
                "{\"offerId\":\"offer-1\",\"partnerId\":\"" + partnerId + "\",\"userId\":\"" + bystander + "\"}");
        String partner = api.register(UserApi.uniqueEmail("victor"));
        awaitApplied(AffiliateEvents.partnerCreated(UUID.randomUUID().toString(), partnerId, partner));

        assertThat(storedAccount(bystander).getList("roles", String.class)).containsExactly("USER");
        assertThat(AffiliateEvents.deadLetters(partnerId)).isEmpty();
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(PartnerRoles.LISTENER + ":" + offer)),
                "processed_events")).as("passed over before any database work").isFalse();
    }

    @Test
    void aLoginWhosePasswordCheckOverlapsTheGrantStillGetsTheRole() throws Exception {
        String email = UserApi.uniqueEmail("wanda");
        String id = api.register(email);
        // The grant is applied after the login read the account and before it opened the session.
        doAnswer(check -> {
            awaitApplied(AffiliateEvents.partnerCreated(id));
            return check.callRealMethod();
        }).when(passwords).matches(eq(UserApi.PASSWORD), anyString());

        HttpResponse<String> login = api.login(email, UserApi.PASSWORD);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        assertThat(sessionRoles(sessionId(login))).isEqualTo("PARTNER,USER");
        assertThat(JsonPath.<List<String>>read(login.body(), "$.user.roles")).containsExactlyInAnyOrder("USER", "PARTNER");
    }

    @Test
    void aPasswordChangeOverlappingTheGrantKeepsTheRole() throws Exception {
        String email = UserApi.uniqueEmail("xavier");
        String id = api.register(email);
        String session = sessionId(api.login(email, UserApi.PASSWORD));
        String newPassword = "a partner's new passphrase";
        // The grant is applied after the change read the account and before it saved the new hash.
        doAnswer(hash -> {
            awaitApplied(AffiliateEvents.partnerCreated(id));
            return hash.callRealMethod();
        }).when(passwords).hash(newPassword);

        HttpResponse<String> changed = api.send("PUT", "/api/v1/users/me/password", UserApi.as(id, session),
                "{\"currentPassword\":\"" + UserApi.PASSWORD + "\",\"newPassword\":\"" + newPassword + "\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(storedAccount(id).getList("roles", String.class)).containsExactlyInAnyOrder("USER", "PARTNER");
        HttpResponse<String> login = api.login(email, newPassword);
        assertThat(JsonPath.<List<String>>read(login.body(), "$.user.roles")).containsExactlyInAnyOrder("USER", "PARTNER");
    }

    @Test
    void aProfileChangeAfterTheGrantKeepsTheRoleAndAnnouncesIt() throws Exception {
        String email = UserApi.uniqueEmail("yves");
        String id = api.register(email);
        awaitApplied(AffiliateEvents.partnerCreated(id));

        HttpResponse<String> updated = api.send("PATCH", "/api/v1/users/me", UserApi.as(id, "s1"),
                "{\"displayName\":\"Yves the partner\"}");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(updated.body(), "$.roles")).containsExactlyInAnyOrder("USER", "PARTNER");
        assertThat(storedAccount(id).getList("roles", String.class)).containsExactlyInAnyOrder("USER", "PARTNER");
        var events = TopicReader.read("ce.user.events", record -> id.equals(record.key()),
                found -> found.stream().anyMatch(record -> record.value().contains("UserUpdated")));
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("UserRegistered", "UserUpdated");
        assertThat(JsonPath.<List<String>>read(events.getLast().value(), "$.data.roles"))
            .containsExactlyInAnyOrder("USER", "PARTNER");
    }

    /** Waits until the listener has applied this event (recorded once its handler has run). */
    private void awaitApplied(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(
                Query.query(Criteria.where("_id").is(PartnerRoles.LISTENER + ":" + eventId)), "processed_events"));
    }

    private Document storedAccount(String id) {
        return mongo.findById(id, Document.class, "users");
    }

    private List<String> profileRoles(String userId, String sessionId) throws Exception {
        HttpResponse<String> me = api.send("GET", "/api/v1/users/me", UserApi.as(userId, sessionId), null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        return JsonPath.read(me.body(), "$.roles");
    }

    private Object sessionRoles(String sessionId) {
        return redis.opsForHash().get(SessionTokens.sessionKey(sessionId), SessionTokens.ROLES);
    }

    private static String sessionId(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        return SessionTokens.sessionId(JsonPath.read(login.body(), "$.token"));
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
