package com.cityexplorer.user.session;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import com.cityexplorer.platform.security.session.SessionTokens;
import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.user.UserApi;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions in the real Redis: login, the caller's list, revocation, and the failed-login lock. */
@PlatformIntegrationTest
@TestPropertySource(properties = {
    "city-explorer.admin.email=first-admin@city-explorer.test",
    "city-explorer.admin.password=an admin passphrase" })
class SessionApiTest {

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    UserApi api;

    @BeforeEach
    void client() {
        api = new UserApi(port);
    }

    @Test
    void storesOnlyTheHashOfAnUnguessableTokenFor24Hours() throws Exception {
        String email = UserApi.uniqueEmail("frank");
        String id = api.register(email);

        HttpResponse<String> login = api.login(email, UserApi.PASSWORD);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        String token = JsonPath.read(login.body(), "$.token");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(JsonPath.<String>read(login.body(), "$.user.id")).isEqualTo(id);
        assertThat(login.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));

        String sessionId = SessionTokens.sessionId(token);
        assertThat(redis.opsForHash().entries("ce:session:" + sessionId)).containsEntry("userId", id).containsEntry("roles", "USER")
            .doesNotContainValue(token);
        Set<String> keys = redis.keys("ce:*");
        assertThat(keys).noneMatch(key -> key.contains(token));
        assertThat(redis.getExpire("ce:session:" + sessionId)).isBetween(24 * 3600L - 60, 24 * 3600L);
    }

    @Test
    void answersAWrongPasswordAndAnUnknownEmailAlike() throws Exception {
        String email = UserApi.uniqueEmail("gina");
        api.register(email);

        HttpResponse<String> wrongPassword = api.login(email, "not the password");
        HttpResponse<String> unknownEmail = api.login(UserApi.uniqueEmail("nobody"), "not the password");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownEmail.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(wrongPassword.body(), "$.detail")).isEqualTo(JsonPath.read(unknownEmail.body(), "$.detail"));
        assertThat(JsonPath.<String>read(wrongPassword.body(), "$.title")).isEqualTo(JsonPath.read(unknownEmail.body(), "$.title"));
    }

    @Test
    void locksAnEmailAfterRepeatedFailuresWithRetryAfterKnownOrNot() throws Exception {
        for (String email : List.of(UserApi.uniqueEmail("henry"), UserApi.uniqueEmail("ghost"))) {
            if (email.startsWith("henry")) {
                api.register(email);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(api.login(email, "wrong password " + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> locked = api.login(email, email.startsWith("henry") ? UserApi.PASSWORD : "wrong again");
            assertThat(locked.statusCode()).as(email).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15 * 60L));
            assertThat(locked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void listsTheCallersSessionsAndRevokesOnlyTheirOwn() throws Exception {
        String email = UserApi.uniqueEmail("iris");
        String id = api.register(email);
        String phone = JsonPath.read(api.login(email, UserApi.PASSWORD).body(), "$.token");
        String laptop = JsonPath.read(api.login(email, UserApi.PASSWORD).body(), "$.token");
        String phoneId = SessionTokens.sessionId(phone);
        String laptopId = SessionTokens.sessionId(laptop);

        HttpResponse<String> list = api.send("GET", "/api/v1/sessions", UserApi.as(id, laptopId), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(list.body(), "$.items[*].id")).containsExactlyInAnyOrder(phoneId, laptopId);
        assertThat(JsonPath.<List<String>>read(list.body(), "$.items[?(@.current == true)].id")).containsExactly(laptopId);
        assertThat(list.body()).doesNotContain(phone).doesNotContain(laptop);

        String intruder = api.register(UserApi.uniqueEmail("mallory"));
        assertThat(api.send("DELETE", "/api/v1/sessions/" + phoneId, UserApi.as(intruder, "x"), null).statusCode()).isEqualTo(404);
        assertThat(redis.hasKey("ce:session:" + phoneId)).isTrue();

        assertThat(api.send("DELETE", "/api/v1/sessions/" + phoneId, UserApi.as(id, laptopId), null).statusCode()).isEqualTo(204);
        assertThat(redis.hasKey("ce:session:" + phoneId)).isFalse();

        assertThat(api.send("DELETE", "/api/v1/sessions/current", UserApi.as(id, laptopId), null).statusCode()).isEqualTo(204);
        assertThat(redis.hasKey("ce:session:" + laptopId)).isFalse();
        assertThat(JsonPath.<List<String>>read(api.send("GET", "/api/v1/sessions", UserApi.as(id, laptopId), null).body(),
                "$.items")).isEmpty();
    }

    @Test
    void keepsAtMostTwentySessionsPerUserDroppingTheOldest() throws Exception {
        String email = UserApi.uniqueEmail("jack");
        String id = api.register(email);
        String oldest = JsonPath.read(api.login(email, UserApi.PASSWORD).body(), "$.token");
        for (int i = 0; i < 20; i++) {
            assertThat(api.login(email, UserApi.PASSWORD).statusCode()).isEqualTo(201);
        }
        assertThat(redis.opsForZSet().size("ce:user-sessions:" + id)).isEqualTo(20);
        assertThat(redis.hasKey("ce:session:" + SessionTokens.sessionId(oldest))).isFalse();
    }

    @Test
    void createsTheConfiguredFirstAdministratorOnce() throws Exception {
        HttpResponse<String> login = api.login("First-Admin@City-Explorer.test", "an admin passphrase");

        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        assertThat(JsonPath.<List<String>>read(login.body(), "$.user.roles")).containsExactlyInAnyOrder("USER", "ADMIN");
    }
}
