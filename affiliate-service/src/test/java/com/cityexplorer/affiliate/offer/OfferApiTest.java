package com.cityexplorer.affiliate.offer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.cityexplorer.affiliate.AffiliateApiTest;
import com.cityexplorer.affiliate.Affiliates;
import com.cityexplorer.test.PlatformEvents;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partners create, change and retire their own offers (anyone else gets 404); anyone lists a place's
 * active offers; bad input is refused and changes nothing; a deleted place's offers are retired.
 */
class OfferApiTest extends AffiliateApiTest {


    @Test
    void aPartnerCreatesChangesAndRetiresAnOfferThatAnyoneSeesWhileActive() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String place = affiliates.knownPlace();
        HttpResponse<String> created = affiliates.api().send("POST", "/api/v1/affiliate/offers", partner.bearer(),
                Affiliates.offerJson(place, "49.90", "EUR", "0.08"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(JsonPath.<String>read(created.body(), "$.partnerId")).isEqualTo(partner.id());
        assertThat(JsonPath.<Double>read(created.body(), "$.price")).isEqualTo(49.90);
        assertThat(JsonPath.<Double>read(created.body(), "$.commissionRate")).isEqualTo(0.08);

        assertThat(listed(place)).containsExactly(id);
        HttpResponse<String> changed = affiliates.api().send("PUT", "/api/v1/affiliate/offers/" + id, partner.bearer(),
                Affiliates.offerJson(place, "45", "EUR", "0.1"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JsonPath.<Number>read(affiliates.api().get("/api/v1/places/" + place + "/offers").body(), "$.items[0].price")
            .doubleValue()).isEqualTo(45.0);

        assertThat(affiliates.api().send("DELETE", "/api/v1/affiliate/offers/" + id, partner.bearer(), null).statusCode()).isEqualTo(204);
        assertThat(listed(place)).isEmpty();
        assertThat(affiliates.api().send("DELETE", "/api/v1/affiliate/offers/" + id, partner.bearer(), null).statusCode())
            .as("retiring again changes nothing").isEqualTo(204);
        assertThat(JsonPath.<String>read(affiliates.api().send("GET", "/api/v1/affiliate/offers/" + id, partner.bearer(), null).body(),
                "$.status")).isEqualTo("retired");
    }

    @Test
    void anotherPartnerCannotSeeOrChangeAnOffer() throws Exception {
        Affiliates.Partner owner = affiliates.partner();
        Affiliates.Partner other = affiliates.partner();
        String place = affiliates.knownPlace();
        String id = affiliates.offer(owner, place, "20", "EUR", "0.05");

        assertThat(affiliates.api().send("GET", "/api/v1/affiliate/offers/" + id, other.bearer(), null).statusCode()).isEqualTo(404);
        assertThat(affiliates.api().send("PUT", "/api/v1/affiliate/offers/" + id, other.bearer(),
                Affiliates.offerJson(place, "1", "EUR", "0.9")).statusCode()).isEqualTo(404);
        assertThat(affiliates.api().send("DELETE", "/api/v1/affiliate/offers/" + id, other.bearer(), null).statusCode()).isEqualTo(404);
        String user = TestIdentity.bearer("affiliate-service", owner.userId(), "USER");
        assertThat(affiliates.api().send("DELETE", "/api/v1/affiliate/offers/" + id, user, null).statusCode())
            .as("without the PARTNER role").isEqualTo(403);
        assertThat(listed(place)).containsExactly(id);
        assertThat(mongo.getCollection("offers").find(new Document("_id", id)).first().getString("price")).isEqualTo("20");
    }

    @Test
    void badOffersAreRefusedAndNothingIsSaved() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String place = affiliates.knownPlace();
        List<String> bad = List.of(
                Affiliates.offerJson(place, "10", "EUR", "0.05").replace("https://partner.example", "http://partner.example"),
                Affiliates.offerJson(place, "10", "EUR", "0.05").replace("https://partner.example/tours/42?lang=en", "javascript:alert(1)"),
                Affiliates.offerJson(place, "10", "EUR", "0.05").replace("https://partner.example", "https://user:pw@partner.example"),
                Affiliates.offerJson(place, "10", "ABC", "0.05"),
                Affiliates.offerJson(place, "10.5", "JPY", "0.05"),
                Affiliates.offerJson(place, "10", "EUR", "0"),
                Affiliates.offerJson(place, "10", "EUR", "1.5"),
                Affiliates.offerJson(place, "-1", "EUR", "0.05"),
                Affiliates.offerJson(place, "10", "EUR", "0.05").replace("\"title\":\"Skip-the-line tour\"", "\"title\":\"\""),
                "{\"placeId\":\"" + place + "\"}");
        for (String body : bad) {
            HttpResponse<String> refused = affiliates.api().send("POST", "/api/v1/affiliate/offers", partner.bearer(), body);
            assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/offers", partner.bearer(),
                Affiliates.offerJson("no-such-place", "10", "EUR", "0.05")).statusCode()).isEqualTo(422);
        assertThat(mongo.getCollection("offers").countDocuments(new Document("partnerId", partner.id()))).isZero();
        assertThat(listed(place)).isEmpty();
    }

    @Test
    void aDeletedPlacesOffersAreRetired() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String place = affiliates.knownPlace();
        String id = affiliates.offer(partner, place, "15", "USD", "0.1");

        PlatformEvents.placeDeleted(place);
        await().atMost(Duration.ofSeconds(30)).until(() -> !mongo.getCollection("offers").find(new Document("_id", id)).first()
            .getBoolean("active"));
        assertThat(listed(place)).isEmpty();
        assertThat(affiliates.api().send("GET", "/api/v1/affiliate/offers/" + id + "/click", null, null).statusCode()).isEqualTo(404);
    }

    private List<String> listed(String place) throws Exception {
        HttpResponse<String> listing = affiliates.api().get("/api/v1/places/" + place + "/offers");
        assertThat(listing.statusCode()).isEqualTo(200);
        return JsonPath.read(listing.body(), "$.items[*].id");
    }
}
