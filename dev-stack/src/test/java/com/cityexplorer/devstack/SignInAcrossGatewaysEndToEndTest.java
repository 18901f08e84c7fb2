package com.cityexplorer.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow: the real platform with two gateway instances, used as a client would. An account is made,
 * signed in from two devices, its sessions listed and revoked, and every revoked or signed-out token is
 * refused by both gateways; services reached directly refuse made-up identities; bad input changes
 * nothing and nobody can make themselves an administrator.
 */
class SignInAcrossGatewaysEndToEndTest {

    @TempDir
    static Path dataDir;

    static DevStack stack;
    static String gatewayA;
    static String gatewayB;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final GatewayClient client = new GatewayClient();

    @BeforeAll
    static void launch() {
        stack = TestStacks.create(dataDir);
        stack.start();
        gatewayA = stack.gatewayUrl();
        gatewayB = stack.addGateway();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void signsInOnTwoDevicesAndEveryRevokedTokenStopsWorkingOnEveryGateway() throws Exception {
        String email = "traveller-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> registered = send(gatewayA, "POST", "/api/v1/users", null,
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"displayName\":\"Tess\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(JsonPath.<List<String>>read(registered.body(), "$.roles")).containsExactly("USER");

        String phone = token(send(gatewayA, "POST", "/api/v1/sessions", null,
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\"}"));
        HttpResponse<String> me = send(gatewayB, "GET", "/api/v1/users/me", phone, null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(me.body(), "$.email")).isEqualTo(email);

        HttpResponse<String> updated = send(gatewayA, "PATCH", "/api/v1/users/me", phone,
                "{\"displayName\":\"Tess T.\",\"preferences\":{\"interests\":[\"museums\"]}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(send(gatewayB, "GET", "/api/v1/users/me", phone, null).body(), "$.displayName"))
            .isEqualTo("Tess T.");

        String laptop = token(send(gatewayB, "POST", "/api/v1/sessions", null,
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\"}"));
        HttpResponse<String> sessions = send(gatewayA, "GET", "/api/v1/sessions", laptop, null);
        assertThat(sessions.statusCode()).isEqualTo(200);
        List<String> ids = JsonPath.read(sessions.body(), "$.items[*].id");
        assertThat(ids).hasSize(2);
        String phoneSession = JsonPath.<List<String>>read(sessions.body(), "$.items[?(@.current == false)].id").getFirst();

        assertThat(send(gatewayA, "DELETE", "/api/v1/sessions/" + phoneSession, laptop, null).statusCode()).isEqualTo(204);
        assertRefusedEverywhere(phone);
        assertThat(send(gatewayB, "GET", "/api/v1/users/me", laptop, null).statusCode()).isEqualTo(200);

        assertThat(send(gatewayB, "DELETE", "/api/v1/sessions/current", laptop, null).statusCode()).isEqualTo(204);
        assertRefusedEverywhere(laptop);
    }

    @Test
    void aServiceReachedDirectlyRefusesAMadeUpIdentity() throws Exception {
        String userService = stack.process("user").baseUri();
        for (Map<String, String> headers : List.of(
                Map.of("X-User-Id", "admin", "X-User-Roles", "ADMIN"),
                Map.of("Authorization", "Bearer " + "A".repeat(43)),
                Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19."))) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(userService + "/api/v1/users/me")).GET();
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(headers.toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void badSignUpsChangeNothingAndNobodyBecomesAdministrator() throws Exception {
        String email = "sneaky-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        List<String> bodies = List.of(
                "{\"email\":\"not an email\",\"password\":\"a long passphrase\"}",
                "{\"email\":\"" + email + "\"}",
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"roles\":[\"ADMIN\"]}",
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"partner\":true,\"role\":\"PARTNER\"}");
        for (String body : bodies) {
            HttpResponse<String> response = send(gatewayA, "POST", "/api/v1/users", null, body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(gatewayA + "/api/v1/users"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("email=" + email)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        HttpResponse<String> huge = send(gatewayA, "POST", "/api/v1/users", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + "p".repeat(10 * 1024 * 1024) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);

        assertThat(send(gatewayA, "POST", "/api/v1/sessions", null,
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\"}").statusCode())
            .as("no account was created by any of those").isEqualTo(401);

        HttpResponse<String> admin = send(gatewayB, "POST", "/api/v1/sessions", null,
                "{\"email\":\"admin@city-explorer.local\",\"password\":\"Explorer-dev-2026\"}");
        assertThat(admin.statusCode()).as("the documented development administrator").isEqualTo(201);
        assertThat(JsonPath.<List<String>>read(admin.body(), "$.user.roles")).contains("ADMIN");
    }

    private void assertRefusedEverywhere(String token) {
        for (String gateway : List.of(gatewayA, gatewayB)) {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                HttpResponse<String> response = send(gateway, "GET", "/api/v1/users/me", token, null);
                assertThat(response.statusCode()).as(gateway).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            });
        }
    }

    private static String token(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        return JsonPath.read(login.body(), "$.token");
    }

    private HttpResponse<String> send(String gateway, String method, String path, String token, String json) throws Exception {
        return client.send(gateway, method, path, token, json);
    }
}
