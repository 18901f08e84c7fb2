package com.cityexplorer.affiliate;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.cityexplorer.test.ApiClient;
import com.cityexplorer.test.PlatformEvents;
import com.cityexplorer.test.TestIdentity;
import com.jayway.jsonpath.JsonPath;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sets up what affiliate tests need as users would: users and places announced by their services'
 * events, a partner made by an administrator, offers made by the partner, conversions signed as a
 * partner's server signs them.
 */
public final class Affiliates {

    public static final String ADMIN = TestIdentity.bearer("affiliate-service", "admin-" + UUID.randomUUID(), "USER", "ADMIN");

    private final ApiClient api;
    private final MongoTemplate mongo;

    public Affiliates(int port, MongoTemplate mongo) {
        this.api = new ApiClient(port);
        this.mongo = mongo;
    }

    public static void topics() throws Exception {
        PlatformEvents.topics("ce.place.events", "ce.user.events", "ce.affiliate.events");
    }

    public ApiClient api() {
        return api;
    }

    /** A user user-service announced, as affiliate-service knows it. */
    public String knownUser() throws Exception {
        String user = "user-" + UUID.randomUUID();
        PlatformEvents.userRegistered(user, "Partner person");
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(user)), "known_users"));
        return user;
    }

    /** A place place-service announced, as affiliate-service knows it. */
    public String knownPlace() throws Exception {
        String place = "place-" + UUID.randomUUID().toString().substring(0, 8);
        PlatformEvents.placeCreated(place);
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(place)), "known_places"));
        return place;
    }

    /** A partner made by an administrator, with the bearer its user signs in with (role PARTNER). */
    public record Partner(String id, String userId, String secret, String bearer) {
    }

    public Partner partner() throws Exception {
        String user = knownUser();
        HttpResponse<String> created = api.send("POST", "/api/v1/affiliate/partners", ADMIN,
                "{\"name\":\"Tours & Tickets\",\"userId\":\"" + user + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Partner(JsonPath.read(created.body(), "$.id"), user, JsonPath.read(created.body(), "$.webhookSecret"),
                TestIdentity.bearer("affiliate-service", user, "USER", "PARTNER"));
    }

    /** An offer of the partner for the place; returns its id. */
    public String offer(Partner partner, String place, String price, String currency, String rate) throws Exception {
        HttpResponse<String> created = api.send("POST", "/api/v1/affiliate/offers", partner.bearer(), offerJson(place, price, currency, rate));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonPath.read(created.body(), "$.id");
    }

    public static String offerJson(String place, String price, String currency, String rate) {
        return "{\"placeId\":\"" + place + "\",\"title\":\"Skip-the-line tour\",\"price\":" + price + ",\"currency\":\"" + currency
                + "\",\"url\":\"https://partner.example/tours/42?lang=en\",\"commissionRate\":" + rate + "}";
    }

    /** Follows the offer's click link as a browser with this user agent would; returns the click id. */
    public String click(String offerId, String userAgent) throws Exception {
        HttpResponse<String> response = api.send("GET", "/api/v1/affiliate/offers/" + offerId + "/click", null, null,
                Map.of("User-Agent", userAgent));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        return java.net.URLDecoder.decode(location.substring(location.indexOf("ce_click=") + "ce_click=".length()), StandardCharsets.UTF_8);
    }

    /** Posts a conversion signed with {@code secret} at {@code signedAt}, as the partner's server would. */
    public HttpResponse<String> convert(String partnerId, String secret, Instant signedAt, String body) throws Exception {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        return api.send("POST", "/api/v1/affiliate/conversions", null, body, Map.of("X-Partner-Id", partnerId, "X-Timestamp", timestamp,
                "X-Signature", sign(secret, timestamp, body)));
    }

    public static String conversionJson(String conversionId, String clickId, String amount, String currency) {
        return "{\"conversionId\":\"" + conversionId + "\",\"clickId\":\"" + clickId + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\"}";
    }

    public static String sign(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
