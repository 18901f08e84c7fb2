package com.cityexplorer.affiliate.click;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.cityexplorer.affiliate.AffiliateApiTest;
import com.cityexplorer.affiliate.Affiliates;
import org.bson.Document;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A click link redirects to the offer's own URL with the click id, and the click reaches the ledger
 * (through the journal and Kafka); repeats of one client on one offer are stored but count once.
 */
class ClickApiTest extends AffiliateApiTest {


    @Test
    void aClickRedirectsToTheOffersUrlAndIsRecordedOnce() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String offer = affiliates.offer(partner, affiliates.knownPlace(), "30", "EUR", "0.1");

        HttpResponse<String> response = affiliates.api().send("GET", "/api/v1/affiliate/offers/" + offer + "/click", null, null,
                Map.of("User-Agent", "browser-a"));
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://partner.example/tours/42?lang=en&ce_click=");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        String first = java.net.URLDecoder.decode(location.substring(location.indexOf("ce_click=") + 9), java.nio.charset.StandardCharsets.UTF_8);
        String repeat = affiliates.click(offer, "browser-a");
        String otherClient = affiliates.click(offer, "browser-b");

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(first) != null && stored(repeat) != null && stored(otherClient) != null);
        assertThat(stored(first).getBoolean("counted")).isTrue();
        assertThat(stored(otherClient).getBoolean("counted")).isTrue();
        assertThat(stored(repeat).getBoolean("counted")).as("the same client again within the window").isFalse();
        assertThat(stored(first).getString("partnerId")).isEqualTo(partner.id());
        assertThat(mongo.getCollection("clicks").countDocuments(new Document("offerId", offer))).isEqualTo(3);
    }

    @Test
    void unknownOrRetiredOffersHaveNoClickLink() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String offer = affiliates.offer(partner, affiliates.knownPlace(), "30", "EUR", "0.1");
        assertThat(affiliates.api().send("DELETE", "/api/v1/affiliate/offers/" + offer, partner.bearer(), null).statusCode()).isEqualTo(204);

        for (String id : new String[] { offer, java.util.UUID.randomUUID().toString() }) {
            HttpResponse<String> response = affiliates.api().get("/api/v1/affiliate/offers/" + id + "/click");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(affiliates.api().get("/api/v1/affiliate/offers/not-an-id/click").statusCode()).isEqualTo(400);
    }

    private Document stored(String clickId) {
        return mongo.getCollection("clicks").find(new Document("_id", clickId)).first();
    }
}
