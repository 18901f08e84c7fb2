package com.cityexplorer.affiliate.report;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.cityexplorer.affiliate.AffiliateApiTest;
import com.cityexplorer.affiliate.Affiliates;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partner's report matches what happened (clicks that count, conversions, exact revenue and
 * commission per currency), at once or as a background job; a partner never sees another's numbers.
 */
class ReportApiTest extends AffiliateApiTest {

    static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();


    @Test
    void aReportCountsWhatHappenedAtOnceAndAsAJob() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        String offer = affiliates.offer(partner, affiliates.knownPlace(), "100", "EUR", "0.1");
        String yen = affiliates.offer(partner, affiliates.knownPlace(), "5000", "JPY", "0.05");
        String first = affiliates.click(offer, "browser-1");
        affiliates.click(offer, "browser-1"); // a repeat: does not count
        String second = affiliates.click(offer, "browser-2");
        affiliates.click(offer, "browser-3");
        String yenClick = affiliates.click(yen, "browser-1");
        for (String[] conversion : new String[][] { { first, "99.99", "EUR" }, { second, "0.05", "EUR" }, { yenClick, "12345", "JPY" } }) {
            HttpResponse<String> accepted = affiliates.convert(partner.id(), partner.secret(), Instant.now(),
                    Affiliates.conversionJson("order-" + UUID.randomUUID(), conversion[0], conversion[1], conversion[2]));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
        String path = "/api/v1/affiliate/reports?from=" + TODAY + "&to=" + TODAY;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String report = affiliates.api().send("GET", path, partner.bearer(), null).body();
            assertThat(JsonPath.<Integer>read(report, "$.clicks")).isEqualTo(4);
        });
        String report = affiliates.api().send("GET", path, partner.bearer(), null).body();
        assertThat(JsonPath.<Integer>read(report, "$.conversions")).isEqualTo(3);
        assertThat(JsonPath.<Double>read(report, "$.revenue.EUR")).isEqualTo(100.04);
        assertThat(JsonPath.<Double>read(report, "$.commission.EUR")).isEqualTo(10.00); // 9.999 -> 10.00, 0.005 -> 0.00 (half-even)
        assertThat(JsonPath.<Integer>read(report, "$.revenue.JPY")).isEqualTo(12345);
        assertThat(JsonPath.<Integer>read(report, "$.commission.JPY")).isEqualTo(617); // 617.25 -> 617
        assertThat(JsonPath.<java.util.List<Integer>>read(report, "$.byOffer[?(@.offerId == '" + offer + "')].clicks")).containsExactly(3);

        HttpResponse<String> submitted = affiliates.api().send("POST", "/api/v1/affiliate/reports/jobs", partner.bearer(),
                "{\"from\":\"" + LocalDate.now(ZoneOffset.UTC).minusYears(1) + "\",\"to\":\"" + TODAY + "\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String job = submitted.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(
                JsonPath.read(affiliates.api().send("GET", job, partner.bearer(), null).body(), "$.status")));
        String result = affiliates.api().send("GET", job, partner.bearer(), null).body();
        assertThat(JsonPath.<Integer>read(result, "$.result.clicks")).isEqualTo(4);
        assertThat(JsonPath.<Integer>read(result, "$.result.conversions")).isEqualTo(3);
        assertThat(JsonPath.<Double>read(result, "$.result.commission.EUR")).isEqualTo(10.00);
        // Money keeps its currency's decimals in a job's result too, as in the report answered at once.
        assertThat(report).contains("\"EUR\":10.00");
        assertThat(result).contains("\"EUR\":10.00");
    }

    @Test
    void aPartnerSeesOnlyItsOwnReportsAndJobs() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        Affiliates.Partner other = affiliates.partner();
        String path = "/api/v1/affiliate/reports?from=" + TODAY + "&to=" + TODAY;

        assertThat(affiliates.api().send("GET", path + "&partnerId=" + partner.id(), other.bearer(), null).statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(affiliates.api().send("GET", path, other.bearer(), null).body(), "$.partnerId")).isEqualTo(other.id());
        assertThat(affiliates.api().send("GET", path, TestIdentity.bearer("affiliate-service", partner.userId(), "USER"), null).statusCode())
            .isEqualTo(403);
        assertThat(JsonPath.<String>read(affiliates.api().send("GET", path + "&partnerId=" + partner.id(), Affiliates.ADMIN, null).body(),
                "$.partnerId")).isEqualTo(partner.id());

        HttpResponse<String> submitted = affiliates.api().send("POST", "/api/v1/affiliate/reports/jobs", partner.bearer(),
                "{\"from\":\"" + TODAY + "\",\"to\":\"" + TODAY + "\"}");
        String job = submitted.headers().firstValue("Location").orElseThrow();
        assertThat(affiliates.api().send("GET", job, other.bearer(), null).statusCode()).isEqualTo(404);
        assertThat(affiliates.api().send("POST", "/api/v1/affiliate/reports/jobs", other.bearer(),
                "{\"from\":\"" + TODAY + "\",\"to\":\"" + TODAY + "\",\"partnerId\":\"" + partner.id() + "\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void badRangesAreRefused() throws Exception {
        Affiliates.Partner partner = affiliates.partner();
        for (String query : new String[] { "from=2026-01-10&to=2026-01-01", "from=2026-01-01&to=2026-03-01", "from=yesterday&to=2026-01-01",
                "to=2026-01-01" }) {
            HttpResponse<String> refused = affiliates.api().send("GET", "/api/v1/affiliate/reports?" + query, partner.bearer(), null);
            assertThat(refused.statusCode()).as(query + " -> " + refused.body()).isEqualTo(400);
        }
    }
}
