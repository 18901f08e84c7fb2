package com.cityexplorer.affiliate.partner;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.cityexplorer.affiliate.AffiliateApiTest;
import com.cityexplorer.affiliate.Affiliates;
import com.cityexplorer.test.TestIdentity;
import com.cityexplorer.test.TopicReader;
import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrators make existing users partners: the webhook secret is shown once and stored only
 * encrypted, user-service is told (PartnerCreated), and nobody else can make partners.
 */
class PartnerApiTest extends AffiliateApiTest {


    @Test
    void anAdministratorMakesAUserAPartnerWhoseSecretIsShownOnceAndStoredEncrypted() throws Exception {
        Affiliates.Partner partner = affiliates.partner();

        assertThat(partner.secret()).hasSizeGreaterThanOrEqualTo(40);
        Document stored = mongo.getCollection("partners").find(new Document("_id", partner.id())).first();
        assertThat(stored.toJson()).doesNotContain(partner.secret());
        assertThat(stored.getString("encryptedSecret")).isNotBlank();

        HttpResponse<String> me = affiliates.api().send("GET", "/api/v1/affiliate/partners/me", partner.bearer(), null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(me.body(), "$.id")).isEqualTo(partner.id());
        assertThat(me.body()).doesNotContain(partner.secret()).doesNotContain("ecret");

        var announced = TopicReader.read("ce.affiliate.events", record -> partner.id().equals(record.key()), found -> !found.isEmpty());
        assertThat(announced).hasSize(1);
        assertThat(JsonPath.<String>read(announced.getFirst().value(), "$.type")).isEqualTo("PartnerCreated");
        assertThat(JsonPath.<String>read(announced.getFirst().value(), "$.data.userId")).isEqualTo(partner.userId());
        assertThat(announced.getFirst().value()).doesNotContain(partner.secret());
    }

    @Test
    void onlyAdministratorsMakePartnersOfKnownUsersOncePerUser() throws Exception {
        String user = affiliates.knownUser();
        String body = "{\"name\":\"Tickets\",\"userId\":\"" + user + "\"}";
        for (String notAdmin : new String[] { TestIdentity.bearer("affiliate-service", user, "USER"),
                TestIdentity.bearer("affiliate-service", user, "USER", "PARTNER") }) {
            assertThat(affiliates.api().send("POST", "/api/v1/affiliate/partners", notAdmin, body).statusCode()).isEqualTo(403);
        }
        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/partners", null, body).statusCode()).isEqualTo(401);
        assertThat(mongo.getCollection("partners").countDocuments(new Document("userId", user))).isZero();

        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/partners", Affiliates.ADMIN,
                "{\"name\":\"Tickets\",\"userId\":\"nobody-" + UUID.randomUUID() + "\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> blank = affiliates.api().send("POST", "/api/v1/affiliate/partners", Affiliates.ADMIN,
                "{\"name\":\" \",\"userId\":\"" + user + "\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/partners", Affiliates.ADMIN, body).statusCode()).isEqualTo(201);
        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/partners", Affiliates.ADMIN, body).statusCode()).isEqualTo(409);
        assertThat(mongo.getCollection("partners").countDocuments(new Document("userId", user))).isEqualTo(1);
    }

    @Test
    void aPartnerRoleWithoutAPartnerRecordIsRefused() throws Exception {
        String bearer = TestIdentity.bearer("affiliate-service", "user-" + UUID.randomUUID(), "USER", "PARTNER");
        assertThat(affiliates.api().send("GET", "/api/v1/affiliate/partners/me", bearer, null).statusCode()).isEqualTo(403);
    }
}
