package com.cityexplorer.user.account;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.cityexplorer.test.PlatformIntegrationTest;
import com.cityexplorer.test.TopicReader;
import com.cityexplorer.user.UserApi;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts against the real MongoDB-wire server, Redis and Kafka: sign-up, profile, password, deletion. */
@PlatformIntegrationTest
// Six sign-ups race below; enough hashing slots that none waits out the bulkhead on a busy CI machine.
@TestPropertySource(properties = "city-explorer.passwords.max-concurrent-hashes=8")
class AccountApiTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StringRedisTemplate redis;

    UserApi api;

    @BeforeEach
    void client() {
        api = new UserApi(port);
    }

    @Test
    void registersWithANormalisedEmailAsAPlainUserAndAnnouncesIt() throws Exception {
        String email = UserApi.uniqueEmail("Ann.Smith");
        HttpResponse<String> response = api.send("POST", "/api/v1/users", null,
                "{\"email\":\"  " + email.toUpperCase() + " \",\"password\":\"" + UserApi.PASSWORD + "\",\"displayName\":\"Ann\","
                        + "\"preferences\":{\"homeCityId\":\"paris-fr\",\"interests\":[\"museums\",\"food\"]}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = JsonPath.read(response.body(), "$.id");
        assertThat(JsonPath.<String>read(response.body(), "$.email")).isEqualTo(email.toLowerCase());
        assertThat(JsonPath.<List<String>>read(response.body(), "$.roles")).containsExactly("USER");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.preferences.interests")).containsExactly("museums", "food");
        assertThat(response.body()).doesNotContain("password").doesNotContain("argon2");

        Account stored = mongo.findById(id, Account.class);
        assertThat(stored.passwordHash()).startsWith("{argon2}$argon2id$").doesNotContain(UserApi.PASSWORD);

        var events = TopicReader.read("ce.user.events", record -> id.equals(record.key()), found -> !found.isEmpty());
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().value()).contains("\"type\":\"UserRegistered\"").doesNotContain(email.toLowerCase());
    }

    @Test
    void refusesASecondAccountForTheSameEmailInAnySpelling() throws Exception {
        String email = UserApi.uniqueEmail("bob");
        api.register(email);

        HttpResponse<String> again = api.send("POST", "/api/v1/users", null,
                "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"" + UserApi.PASSWORD + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void letsOnlyOneOfManyConcurrentSignUpsForOneEmailWin() throws Exception {
        String email = UserApi.uniqueEmail("race");
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(() -> api.send("POST", "/api/v1/users", null,
                    "{\"email\":\"" + email + "\",\"password\":\"" + UserApi.PASSWORD + "\"}").statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(5);
        assertThat(mongo.count(Query.query(Criteria.where("email").is(email)), Account.class)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed email            | 400 | application/json | {"email":"not-an-email","password":"long enough password"}
            email without a domain dot | 400 | application/json | {"email":"ann@localhost","password":"long enough password"}
            short password             | 400 | application/json | {"email":"EMAIL","password":"short"}
            weak password              | 400 | application/json | {"email":"EMAIL","password":"aaaaaaaaaaaa"}
            missing password           | 400 | application/json | {"email":"EMAIL"}
            missing everything         | 400 | application/json | {}
            roles in an unknown field  | 400 | application/json | {"email":"EMAIL","password":"long enough password","roles":["ADMIN"]}
            role in an unknown field   | 400 | application/json | {"email":"EMAIL","password":"long enough password","role":"PARTNER"}
            control characters in name | 400 | application/json | {"email":"EMAIL","password":"long enough password","displayName":"a\\u0000b"}
            name too long              | 400 | application/json | {"email":"EMAIL","password":"long enough password","displayName":"NAME61"}
            too many interests         | 400 | application/json | {"email":"EMAIL","password":"long enough password","preferences":{"interests":[INTERESTS21]}}
            malformed JSON             | 400 | application/json | {"email":
            wrong content type         | 415 | text/plain       | email=EMAIL&password=long+enough+password
            """)
    void refusesBadSignUpsAndCreatesNothing(String label, int status, String contentType, String template) throws Exception {
        String email = UserApi.uniqueEmail("bad");
        String interests = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "\"tag" + i + "\"")
            .collect(java.util.stream.Collectors.joining(","));
        String body = template.replace("EMAIL", email).replace("NAME61", "n".repeat(61)).replace("INTERESTS21", interests);
        HttpResponse<String> response = api.send("POST", "/api/v1/users", null, body, contentType);

        assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception");
        assertThat(mongo.count(Query.query(Criteria.where("email").is(email)), Account.class)).isZero();
    }

    @Test
    void refusesATenMegabyteBodyWith413AndCreatesNothing() throws Exception {
        String email = UserApi.uniqueEmail("huge");
        String body = "{\"email\":\"" + email + "\",\"password\":\"long enough password\",\"displayName\":\""
                + "x".repeat(10 * 1024 * 1024) + "\"}";
        HttpResponse<String> response = api.send("POST", "/api/v1/users", null, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(mongo.count(Query.query(Criteria.where("email").is(email)), Account.class)).isZero();
    }

    @Test
    void showsAndUpdatesOnlyTheCallersOwnProfile() throws Exception {
        String email = UserApi.uniqueEmail("carol");
        String id = api.register(email);
        Map<String, String> carol = UserApi.as(id, "s1");

        HttpResponse<String> me = api.send("GET", "/api/v1/users/me", carol, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(me.body(), "$.email")).isEqualTo(email);

        HttpResponse<String> updated = api.send("PATCH", "/api/v1/users/me", carol,
                "{\"displayName\":\"Carol B.\",\"preferences\":{\"homeCityId\":\"rome-it\",\"interests\":[\"art\"]}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(updated.body(), "$.displayName")).isEqualTo("Carol B.");
        assertThat(JsonPath.<String>read(updated.body(), "$.preferences.homeCityId")).isEqualTo("rome-it");

        HttpResponse<String> cleared = api.send("PATCH", "/api/v1/users/me", carol, "{\"preferences\":{\"interests\":[]}}");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.body()).doesNotContain("rome-it");
        assertThat(JsonPath.<String>read(cleared.body(), "$.displayName")).isEqualTo("Carol B.");

        HttpResponse<String> promote = api.send("PATCH", "/api/v1/users/me", carol, "{\"roles\":[\"ADMIN\"]}");
        assertThat(promote.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(api.send("GET", "/api/v1/users/me", carol, null).body(), "$.roles"))
            .containsExactly("USER");

        var events = TopicReader.read("ce.user.events", record -> id.equals(record.key()), found -> found.size() >= 3);
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("UserRegistered", "UserUpdated", "UserUpdated");
    }

    @Test
    void needsASignedInCallerForTheProfile() throws Exception {
        assertThat(api.send("GET", "/api/v1/users/me", Map.of("X-User-Id", "someone"), null).statusCode()).isEqualTo(401);
        assertThat(api.send("PATCH", "/api/v1/users/me", null, "{\"displayName\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(api.send("DELETE", "/api/v1/users/me", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void changingThePasswordRevokesEverySessionAndNeedsTheCurrentOne() throws Exception {
        String email = UserApi.uniqueEmail("dave");
        String id = api.register(email);
        String first = JsonPath.read(api.login(email, UserApi.PASSWORD).body(), "$.token");
        api.login(email, UserApi.PASSWORD);
        assertThat(redis.opsForZSet().size("ce:user-sessions:" + id)).isEqualTo(2);

        HttpResponse<String> wrong = api.send("PUT", "/api/v1/users/me/password", UserApi.as(id, "s"),
                "{\"currentPassword\":\"not my password\",\"newPassword\":\"a brand new passphrase\"}");
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> changed = api.send("PUT", "/api/v1/users/me/password", UserApi.as(id, "s"),
                "{\"currentPassword\":\"" + UserApi.PASSWORD + "\",\"newPassword\":\"a brand new passphrase\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(redis.hasKey("ce:session:" + com.cityexplorer.platform.security.session.SessionTokens.sessionId(first))).isFalse();
        assertThat(redis.hasKey("ce:user-sessions:" + id)).isFalse();
        assertThat(api.login(email, UserApi.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(api.login(email, "a brand new passphrase").statusCode()).isEqualTo(201);
    }

    @Test
    void deletingTheAccountRevokesSessionsAnnouncesItAndFreesTheEmail() throws Exception {
        String email = UserApi.uniqueEmail("erin");
        String id = api.register(email);
        api.login(email, UserApi.PASSWORD);

        assertThat(api.send("DELETE", "/api/v1/users/me", UserApi.as(id, "s"), null).statusCode()).isEqualTo(204);

        assertThat(redis.hasKey("ce:user-sessions:" + id)).isFalse();
        assertThat(api.send("GET", "/api/v1/users/me", UserApi.as(id, "s"), null).statusCode()).isEqualTo(404);
        assertThat(api.login(email, UserApi.PASSWORD).statusCode()).isEqualTo(401);
        var events = TopicReader.read("ce.user.events", record -> id.equals(record.key()),
                found -> found.stream().anyMatch(record -> record.value().contains("UserDeleted")));
        assertThat(events).extracting(record -> JsonPath.<String>read(record.value(), "$.type"))
            .containsExactly("UserRegistered", "UserDeleted");
        assertThat(api.register(email)).isNotEqualTo(id);
    }
}
