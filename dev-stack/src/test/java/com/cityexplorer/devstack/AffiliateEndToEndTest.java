package com.cityexplorer.devstack;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: the affiliate business on the real platform, through the gateway, as partners and their
 * servers use it. The administrator makes two users partners (user-service grants them the role); a
 * partner creates an offer; clicks redirect with {@code ce_click}; affiliate-service is killed with
 * SIGKILL right after answering a burst of clicks and started again, and no click is lost; signed
 * conversions are accepted once, forged or stale ones refused; the report, at once and as a job,
 * matches what happened; the other partner sees none of it.
 */
class AffiliateEndToEndTest {

    static final String PLACE = "rome-pantheon";

    @TempDir
    static Path dataDir;

    static DevStack stack;
    static String gateway;

    final GatewayClient client = new GatewayClient();

    @BeforeAll
    static void launch() {
        stack = TestStacks.create(dataDir);
        stack.start();
        gateway = stack.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Partner(String id, String secret, String token) {
    }

    @Test
    void partnersEarnFromClicksThatSurviveACrashAndSeeOnlyTheirOwnNumbers() throws Exception {
        String admin = login(LaunchOptions.DEFAULT_ADMIN_EMAIL, LaunchOptions.DEFAULT_ADMIN_PASSWORD);
        Partner partner = partner(admin, "Roman Tours");
        Partner other = partner(admin, "Other Tickets");
        String offer = offer(partner);
        String othersOffer = offer(other);

        HttpResponse<String> redirect = send("GET", "/api/v1/affiliate/offers/" + offer + "/click", null, null, Map.of("User-Agent", "first"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://tours.example/pantheon?ce_click=");
        String click = java.net.URLDecoder.decode(location.substring(location.indexOf("ce_click=") + 9), StandardCharsets.UTF_8);

        // A burst of clicks from different clients, answered, then the instance dies before it could ship them all.
        List<Integer> answered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answered.add(send("GET", "/api/v1/affiliate/offers/" + offer + "/click", null, null, Map.of("User-Agent", "burst-" + i)).statusCode());
        }
        stack.kill("affiliate");
        assertThat(answered).containsOnly(302);
        stack.restart("affiliate");

        String order = "order-" + UUID.randomUUID();
        String conversion = "{\"conversionId\":\"" + order + "\",\"clickId\":\"" + click + "\",\"amount\":80.00,\"currency\":\"EUR\"}";
        // Until the gateway's health checks see the restarted instance it answers 503 with Retry-After, and
        // the partner's server retries (a conversion is idempotent by its id).
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] first = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            first[0] = convert(partner.id(), partner.secret(), Instant.now(), conversion);
            return first[0].statusCode() != 503;
        });
        HttpResponse<String> accepted = first[0];
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(JsonPath.<Number>read(accepted.body(), "$.commission").doubleValue()).isEqualTo(9.6); // 80.00 x 0.12
        HttpResponse<String> again = convert(partner.id(), partner.secret(), Instant.now(), conversion);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(accepted.body());
        assertThat(convert(partner.id(), "a guessed secret", Instant.now(), conversion).statusCode()).isEqualTo(401);
        assertThat(convert(partner.id(), partner.secret(), Instant.now().minus(Duration.ofMinutes(6)), conversion).statusCode()).isEqualTo(401);
        HttpResponse<String> otherRedirect = send("GET", "/api/v1/affiliate/offers/" + othersOffer + "/click", null, null, Map.of());
        String othersClick = java.net.URLDecoder.decode(otherRedirect.headers().firstValue("Location").orElseThrow().split("ce_click=")[1],
                StandardCharsets.UTF_8);
        assertThat(convert(partner.id(), partner.secret(), Instant.now(), conversion.replace(order, order + "-2").replace(click, othersClick))
            .statusCode()).isEqualTo(422);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String report = "/api/v1/affiliate/reports?from=" + today + "&to=" + today;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String numbers = send("GET", report, partner.token(), null).body();
            assertThat(JsonPath.<Integer>read(numbers, "$.clicks")).as("every answered click, none lost in the crash").isEqualTo(41);
            assertThat(JsonPath.<Integer>read(numbers, "$.conversions")).isEqualTo(1);
        });
        String numbers = send("GET", report, partner.token(), null).body();
        assertThat(JsonPath.<Number>read(numbers, "$.revenue.EUR").doubleValue()).isEqualTo(80.0);
        assertThat(JsonPath.<Number>read(numbers, "$.commission.EUR").doubleValue()).isEqualTo(9.6);

        HttpResponse<String> job = send("POST", "/api/v1/affiliate/reports/jobs", partner.token(),
                "{\"from\":\"" + LocalDate.now(ZoneOffset.UTC).minusDays(90) + "\",\"to\":\"" + today + "\"}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
        String status = job.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> "done".equals(JsonPath.read(send("GET", status, partner.token(), null).body(), "$.status")));
        String result = send("GET", status, partner.token(), null).body();
        assertThat(JsonPath.<Integer>read(result, "$.result.clicks")).isEqualTo(41);
        assertThat(JsonPath.<Number>read(result, "$.result.commission.EUR").doubleValue()).isEqualTo(9.6);

        assertThat(send("GET", report + "&partnerId=" + partner.id(), other.token(), null).statusCode()).isEqualTo(403);
        assertThat(send("GET", status, other.token(), null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/affiliate/offers/" + offer, other.token(), offerJson()).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/affiliate/offers/" + offer, other.token(), null).statusCode()).isEqualTo(404);
    }

    /** A new user made a partner by the administrator; returns once the user's session carries the role. */
    private Partner partner(String admin, String name) throws Exception {
        String email = "partner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(send("POST", "/api/v1/users", null, "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"displayName\":\""
                + name + "\"}").statusCode()).isEqualTo(201);
        String token = login(email, "a long passphrase");
        String userId = JsonPath.read(send("GET", "/api/v1/users/me", token, null).body(), "$.id");
        String[] created = new String[2];
        // affiliate-service learns of the user from user-service's event.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> response = send("POST", "/api/v1/affiliate/partners", admin, "{\"name\":\"" + name + "\",\"userId\":\""
                    + userId + "\"}");
            if (response.statusCode() == 201) {
                created[0] = JsonPath.read(response.body(), "$.id");
                created[1] = JsonPath.read(response.body(), "$.webhookSecret");
            }
            return response.statusCode() == 201;
        });
        // user-service grants the role (an event) to the live session: no new sign-in needed.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
            .until(() -> send("GET", "/api/v1/affiliate/partners/me", token, null).statusCode() == 200);
        return new Partner(created[0], created[1], token);
    }

    private String offer(Partner partner) throws Exception {
        String[] id = new String[1];
        // The curated place reaches affiliate-service as place-service's event after a fresh start.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> response = send("POST", "/api/v1/affiliate/offers", partner.token(), offerJson());
            id[0] = response.statusCode() == 201 ? JsonPath.read(response.body(), "$.id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    private static String offerJson() {
        return "{\"placeId\":\"" + PLACE + "\",\"title\":\"Pantheon by night\",\"price\":35,\"currency\":\"EUR\","
                + "\"url\":\"https://tours.example/pantheon\",\"commissionRate\":0.12}";
    }

    private HttpResponse<String> convert(String partnerId, String secret, Instant at, String body) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return send("POST", "/api/v1/affiliate/conversions", null, body,
                Map.of("X-Partner-Id", partnerId, "X-Timestamp", timestamp, "X-Signature", signature));
    }

    private String login(String email, String password) throws Exception {
        HttpResponse<String> login = send("POST", "/api/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        return JsonPath.read(login.body(), "$.token");
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return client.send(gateway, method, path, token, json);
    }

    private HttpResponse<String> send(String method, String path, String token, String json, Map<String, String> headers) throws Exception {
        return client.send(gateway, method, path, token, json, headers);
    }
}
